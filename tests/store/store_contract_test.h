// The store contract suite: what every Store backend must do, whatever it
// runs on. The tests (store_contract_test.cc) use only the Store interface;
// a backend joins by instantiating them in a file of its own:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(StoreBackendParam{"Sqlite", MakeSqlite}),
//                            BackendName);
//
// The tests run on real time with short time-to-lives and poll (never
// sleep) for expiry, so a backend that expires by its server's clock
// (Redis) passes them as one that expires by the process's clock.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/store/store_backend.h"

namespace hitl::testing {

class StoreContractTest : public ::testing::TestWithParam<StoreBackendParam> {
 protected:
  // A `make` that returns null means the backend is not available here
  // (e.g. no Redis server): the test is skipped.
  void SetUp() override {
    backend_ = GetParam().make();
    if (backend_ == nullptr) GTEST_SKIP() << GetParam().name << " is not available here";
    auto opened = backend_->OpenFresh();
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  // Another store on the backend: a second replica, or a restart.
  std::unique_ptr<store::Store> OpenAnother() {
    auto opened = backend_->OpenAnother();
    EXPECT_TRUE(opened.ok()) << opened.status();
    return opened.ok() ? *std::move(opened) : nullptr;
  }

  std::unique_ptr<StoreBackend> backend_;
  std::unique_ptr<store::Store> store_;
};

// Shows a backend by its name in test failures.
inline void PrintTo(const StoreBackendParam& param, std::ostream* out) { *out << param.name; }

// Names a backend's tests after it ("Sqlite", "Fake", "Redis").
inline std::string BackendName(const ::testing::TestParamInfo<StoreBackendParam>& info) {
  return info.param.name;
}

}  // namespace hitl::testing

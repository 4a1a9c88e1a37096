// The store contract suite on the in-memory FakeStore the unit tests use:
// OpenAnother is another FakeStore on the same backend.
#include <memory>

#include "server/common/clock.h"
#include "tests/store/store_contract_test.h"
#include "tests/support/fake_store.h"

namespace hitl::testing {
namespace {

class FakeBackend final : public StoreBackend {
 public:
  absl::StatusOr<std::unique_ptr<store::Store>> OpenFresh() override { return OpenAnother(); }
  absl::StatusOr<std::unique_ptr<store::Store>> OpenAnother() override {
    return std::make_unique<FakeStore>(backend_);
  }

 private:
  std::shared_ptr<FakeStore::Backend> backend_ = FakeStore::NewBackend(RealClock::Instance());
};

INSTANTIATE_TEST_SUITE_P(Fake, StoreContractTest,
                         ::testing::Values(StoreBackendParam{
                             "Fake", [] { return std::make_unique<FakeBackend>(); }}),
                         BackendName);

}  // namespace
}  // namespace hitl::testing

// The store a gateway under test journals in, as the parameter of
// integration suites that must behave the same on every backend:
//
//   class RoundTrip : public ::testing::TestWithParam<StoreKind> {
//     GatewayHarness harness_{{.store = GetParam()}};
//   };
//   INSTANTIATE_TEST_SUITE_P(, RoundTrip, EveryStore(), StoreName);
//
// names the tests RoundTrip.<Test>/Sqlite and RoundTrip.<Test>/Redis.
#pragma once

#include <ostream>
#include <string>

#include "gtest/gtest.h"

namespace hitl::testing {

enum class StoreKind {
  kSqlite,  // a file in the harness's temporary directory (HITL_DB)
  kRedis,   // a redis-server of the harness's own (HITL_REDIS_URL)
};

// "Sqlite" or "Redis".
std::string StoreKindName(StoreKind kind);

// Names a parameterised test after its store (the name generator of
// INSTANTIATE_TEST_SUITE_P, which cannot take an overloaded function).
inline std::string StoreName(const ::testing::TestParamInfo<StoreKind>& info) {
  return StoreKindName(info.param);
}

// Shows the store by name in test failures.
inline void PrintTo(StoreKind kind, std::ostream* out) { *out << StoreKindName(kind); }

// Every backend, for INSTANTIATE_TEST_SUITE_P.
inline auto EveryStore() { return ::testing::Values(StoreKind::kSqlite, StoreKind::kRedis); }

}  // namespace hitl::testing

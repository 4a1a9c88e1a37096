#include "tests/support/store_kind.h"

namespace hitl::testing {

std::string StoreKindName(StoreKind kind) {
  switch (kind) {
    case StoreKind::kSqlite:
      return "Sqlite";
    case StoreKind::kRedis:
      return "Redis";
  }
  return "Unknown";
}

}  // namespace hitl::testing

// The store contract suite on SQLite: a database file in a fresh temporary
// directory, so OpenAnother opens the same file (a second instance in this
// process, or the same data after a restart).
#include <memory>
#include <string>

#include "server/common/clock.h"
#include "server/store/sqlite_store.h"
#include "tests/store/store_contract_test.h"
#include "tests/support/test_files.h"

namespace hitl::testing {
namespace {

class SqliteBackend final : public StoreBackend {
 public:
  absl::StatusOr<std::unique_ptr<store::Store>> OpenFresh() override { return Open(); }
  absl::StatusOr<std::unique_ptr<store::Store>> OpenAnother() override { return Open(); }

 private:
  absl::StatusOr<std::unique_ptr<store::Store>> Open() {
    auto opened = store::SqliteStore::Open(dir_.path() + "/hitl.db", RealClock::Instance());
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<store::Store>(*std::move(opened));
  }

  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(StoreBackendParam{
                             "Sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         BackendName);

}  // namespace
}  // namespace hitl::testing

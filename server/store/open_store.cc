#include "server/store/open_store.h"

#include "server/common/log.h"
#include "server/store/sqlite_store.h"

namespace hitl::store {

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const config::Config& config, Clock& clock) {
  auto sqlite = SqliteStore::Open(config.db_path, clock);
  if (!sqlite.ok()) return sqlite.status();
  log::Info("store: SQLite file {}", config.db_path);
  return std::unique_ptr<Store>(*std::move(sqlite));
}

}  // namespace hitl::store

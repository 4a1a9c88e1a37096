#include "server/store/open_store.h"

#include "server/common/log.h"
#include "server/store/redis_store.h"
#include "server/store/redis_url.h"
#include "server/store/sqlite_store.h"

namespace hitl::store {

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const config::Config& config, Clock& clock) {
  if (!config.redis_url.empty()) {
    RedisOptions options{.url = config.redis_url,
                         .password = config.redis_password,
                         .key_prefix = config.redis_prefix,
                         .replica_id = config.replica_id,
                         .min_replicas = config.redis_min_replicas};
    auto redis = RedisStore::Open(options, clock);
    if (!redis.ok()) return redis.status();
    if (auto url = ParseRedisUrl(config.redis_url); url.ok()) {
      log::Info("store: Redis at {} prefix={} min_replicas={}", url->Address(),
                config.redis_prefix, config.redis_min_replicas);
    }
    return std::unique_ptr<Store>(*std::move(redis));
  }
  auto sqlite = SqliteStore::Open(config.db_path, clock);
  if (!sqlite.ok()) return sqlite.status();
  log::Info("store: SQLite file {}", config.db_path);
  return std::unique_ptr<Store>(*std::move(sqlite));
}

}  // namespace hitl::store

#include "server/store/redis_connector.h"

namespace hitl::store {

RedisConnector::RedisConnector(RedisConnectionOptions options, Clock& clock,
                               ConnectFunction connect)
    : options_(std::move(options)), clock_(clock), connect_(std::move(connect)) {}

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnector::Connect() {
  {
    absl::MutexLock lock(&mu_);
    if (clock_.Now() < retry_at_) return last_error_;
  }
  auto connection = connect_(options_);
  absl::MutexLock lock(&mu_);
  if (connection.ok()) {
    failures_ = 0;
    retry_at_ = absl::InfinitePast();
    return connection;
  }
  ++failures_;
  absl::Duration backoff = kFirstBackoff;
  for (int i = 1; i < failures_ && backoff < kMaxBackoff; ++i) backoff *= 2;
  retry_at_ = clock_.Now() + std::min(backoff, kMaxBackoff);
  last_error_ = connection.status();
  return connection.status();
}

}  // namespace hitl::store

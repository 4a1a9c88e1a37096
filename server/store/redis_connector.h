// Makes Redis connections for the pool and the journal tail, and backs off
// while Redis is unreachable: after a failed attempt the next one waits
// (100 ms, doubling up to 2 s), and calls in between fail at once with the
// last error instead of each waiting for a connect timeout. The first
// attempt after a working period is immediate, so a restarted Redis is
// used again as soon as it answers. No jitter: one connector per process
// and a handful of connections, so replicas cannot stampede a recovering
// Redis.
//
// Thread-safe.
#pragma once

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/common/clock.h"
#include "server/store/redis_connection.h"

namespace hitl::store {

class RedisConnector {
 public:
  static constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);
  static constexpr absl::Duration kMaxBackoff = absl::Seconds(2);

  // `connect` defaults to RedisConnection::Open (tests inject failures).
  using ConnectFunction = std::function<absl::StatusOr<std::unique_ptr<RedisConnection>>(
      const RedisConnectionOptions&)>;
  RedisConnector(RedisConnectionOptions options, Clock& clock,
                 ConnectFunction connect = RedisConnection::Open);

  absl::StatusOr<std::unique_ptr<RedisConnection>> Connect();
  const RedisConnectionOptions& options() const { return options_; }

 private:
  const RedisConnectionOptions options_;
  Clock& clock_;
  const ConnectFunction connect_;
  absl::Mutex mu_;
  int failures_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time retry_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::store

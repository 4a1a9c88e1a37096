// A small pool of Redis connections shared by the store's callers: at most
// `size` connections, made on demand through the connector (which backs off
// while Redis is down). A caller waits at most `acquire_timeout` for a free
// one. A connection that failed is dropped, never handed out again, and an
// idle one the server closed (Redis restarted) is noticed and replaced
// before use, so calls succeed again as soon as Redis is back.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "server/store/redis_connection.h"
#include "server/store/redis_connector.h"

namespace hitl::store {

class RedisPool {
 public:
  RedisPool(RedisConnector& connector, int size, absl::Duration acquire_timeout);
  RedisPool(const RedisPool&) = delete;
  RedisPool& operator=(const RedisPool&) = delete;

  // A connection lent to one caller; goes back to the pool when destroyed
  // (or is dropped if it broke meanwhile).
  class Borrowed {
   public:
    Borrowed(Borrowed&& other) = default;
    Borrowed& operator=(Borrowed&& other) = delete;
    ~Borrowed();
    RedisConnection& operator*() const { return *connection_; }
    RedisConnection* operator->() const { return connection_.get(); }

   private:
    friend class RedisPool;
    Borrowed(RedisPool* pool, std::unique_ptr<RedisConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    RedisPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
  };

  // UNAVAILABLE if closed, if Redis cannot be reached, or if every
  // connection stayed busy for `acquire_timeout`.
  absl::StatusOr<Borrowed> Acquire();
  // One command or one pipeline on a borrowed connection.
  absl::StatusOr<RedisReply> Command(absl::Span<const std::string> args);
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      absl::Span<const std::vector<std::string>> commands);
  // Drops idle connections; lent ones are dropped when they come back, and
  // Acquire fails from now on.
  void Close();

 private:
  void GiveBack(std::unique_ptr<RedisConnection> connection);
  // Acquire can go on: closed, or a connection is idle or may be made.
  bool CanLend() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  RedisConnector& connector_;
  const int size_;
  const absl::Duration acquire_timeout_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<RedisConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int lent_ ABSL_GUARDED_BY(mu_) = 0;  // out, or being connected
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace hitl::store

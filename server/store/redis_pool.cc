#include "server/store/redis_pool.h"

#include "absl/strings/str_cat.h"
#include "server/store/store_errors.h"

namespace hitl::store {

RedisPool::RedisPool(RedisConnector& connector, int size, absl::Duration acquire_timeout)
    : connector_(connector), size_(std::max(size, 1)), acquire_timeout_(acquire_timeout) {}

RedisPool::Borrowed::~Borrowed() {
  if (pool_ != nullptr && connection_ != nullptr) pool_->GiveBack(std::move(connection_));
}

absl::StatusOr<RedisPool::Borrowed> RedisPool::Acquire() {
  std::vector<std::unique_ptr<RedisConnection>> dead;  // freed outside the lock
  absl::MutexLock lock(&mu_);
  absl::Time deadline = absl::Now() + acquire_timeout_;
  while (true) {
    if (closed_) return StoreUnavailable(kRedisStoreName, "closed");
    while (!idle_.empty()) {
      std::unique_ptr<RedisConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->LooksAlive()) {
        ++lent_;
        return Borrowed(this, std::move(connection));
      }
      dead.push_back(std::move(connection));
    }
    if (lent_ < size_) {
      ++lent_;
      mu_.Unlock();  // connecting may take up to the connect timeout
      auto connection = connector_.Connect();
      mu_.Lock();
      if (!connection.ok()) {
        --lent_;
        return connection.status();
      }
      return Borrowed(this, *std::move(connection));
    }
    if (!mu_.AwaitWithDeadline(absl::Condition(this, &RedisPool::CanLend), deadline)) {
      return StoreUnavailable(
          kRedisStoreName, absl::StrCat("all ", size_, " connections stayed busy for ",
                                        absl::FormatDuration(acquire_timeout_)));
    }
  }
}

bool RedisPool::CanLend() const { return closed_ || !idle_.empty() || lent_ < size_; }

void RedisPool::GiveBack(std::unique_ptr<RedisConnection> connection) {
  absl::MutexLock lock(&mu_);
  --lent_;
  if (!closed_ && !connection->broken()) idle_.push_back(std::move(connection));
}

absl::StatusOr<RedisReply> RedisPool::Command(absl::Span<const std::string> args) {
  auto connection = Acquire();
  if (!connection.ok()) return connection.status();
  return (*connection)->Command(args);
}

absl::StatusOr<std::vector<RedisReply>> RedisPool::Pipeline(
    absl::Span<const std::vector<std::string>> commands) {
  auto connection = Acquire();
  if (!connection.ok()) return connection.status();
  return (*connection)->Pipeline(commands);
}

void RedisPool::Close() {
  std::vector<std::unique_ptr<RedisConnection>> idle;
  absl::MutexLock lock(&mu_);
  closed_ = true;
  idle.swap(idle_);
}

}  // namespace hitl::store

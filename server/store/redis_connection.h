// One blocking hiredis connection to Redis: connects within the connect
// timeout, authenticates, selects the database, names itself, and bounds
// every command by the command timeout. After any transport failure
// (timeout, reset, EOF) it is broken for good: the caller drops it and makes
// a new one (RedisConnector), because hiredis cannot resynchronise a
// half-read reply. Error replies from Redis are not failures: they come back
// as RedisReply::Kind::kError for the caller to interpret.
//
// Failures are UNAVAILABLE (reason STORE_FAILURE) naming the Redis store and
// its address; never the password.
//
// Not thread-safe: one thread at a time (the pool hands it out), except
// Interrupt().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "server/store/redis_reply.h"
#include "server/store/redis_url.h"

struct redisContext;

namespace hitl::store {

// Names the store in every error (store_errors.h).
inline constexpr absl::string_view kRedisStoreName = "Redis store";

struct RedisConnectionOptions {
  RedisUrl target;
  absl::Duration connect_timeout = absl::Seconds(2);
  absl::Duration command_timeout = absl::Seconds(2);
  // CLIENT SETNAME (shows in CLIENT LIST); empty for none. No spaces.
  std::string client_name;
};

class RedisConnection {
 public:
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Open(
      const RedisConnectionOptions& options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command (binary-safe arguments) and reads its reply.
  absl::StatusOr<RedisReply> Command(absl::Span<const std::string> args);
  // Sends every command in one write, then reads their replies in order.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      absl::Span<const std::vector<std::string>> commands);
  // Changes the socket timeout for the commands that follow (a blocking
  // read needs longer than the command timeout).
  absl::Status SetTimeout(absl::Duration timeout);

  // A transport failure happened; the connection must not be reused.
  bool broken() const { return broken_; }
  // False if the server closed the connection while it sat idle (a restart
  // does so): checked without blocking before the pool hands it out again.
  bool LooksAlive() const;
  // Makes a command blocked in another thread fail at once (Close during a
  // blocking read). Thread-safe.
  void Interrupt();
  // "host:port", for messages.
  const std::string& address() const { return address_; }

 private:
  RedisConnection(redisContext* context, std::string address, absl::Duration timeout);
  absl::Status Setup(const RedisConnectionOptions& options);
  absl::Status Failure(absl::string_view what, int saved_errno);

  redisContext* context_;
  std::string address_;
  absl::Duration timeout_;
  bool broken_ = false;
};

}  // namespace hitl::store

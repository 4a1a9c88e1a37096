#include "server/store/redis_journal_tail.h"

#include "absl/strings/str_cat.h"
#include "server/store/redis_stream.h"
#include "server/store/store_errors.h"

namespace hitl::store {

RedisJournalTail::RedisJournalTail(RedisConnector& connector, std::string journal_key,
                                   absl::Duration command_timeout)
    : connector_(connector),
      journal_key_(std::move(journal_key)),
      command_timeout_(command_timeout) {}

absl::StatusOr<RedisConnection*> RedisJournalTail::Connection() {
  {
    absl::MutexLock lock(&mu_);
    if (closed_) return StoreUnavailable(kRedisStoreName, "closed");
    // A connection the server closed while idle (a restart) is replaced
    // now rather than failing this call.
    if (connection_ != nullptr && connection_->LooksAlive()) return connection_.get();
    connection_.reset();
  }
  auto made = connector_.Connect();
  if (!made.ok()) return made.status();
  absl::MutexLock lock(&mu_);
  if (closed_) return StoreUnavailable(kRedisStoreName, "closed");
  connection_ = *std::move(made);
  return connection_.get();
}

absl::StatusOr<std::vector<JournalEntry>> RedisJournalTail::Wait(int64_t after_seq, int limit,
                                                                 absl::Duration wait) {
  if (limit <= 0) return std::vector<JournalEntry>();
  absl::MutexLock call(&call_mu_);
  auto connection = Connection();
  if (!connection.ok()) return connection.status();
  std::vector<std::string> command = {"XREAD", "COUNT", absl::StrCat(limit)};
  if (wait > absl::ZeroDuration()) {
    // BLOCK 0 would wait forever: round up to at least a millisecond.
    int64_t block_ms = std::max<int64_t>(
        1, absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1))));
    command.insert(command.end(), {"BLOCK", absl::StrCat(block_ms)});
  }
  command.insert(command.end(),
                 {"STREAMS", journal_key_, StreamId(std::max<int64_t>(after_seq, 0))});
  absl::Status timeout = (*connection)->SetTimeout(wait + command_timeout_);
  absl::StatusOr<RedisReply> reply =
      timeout.ok() ? (*connection)->Command(command) : absl::StatusOr<RedisReply>(timeout);
  if ((*connection)->broken()) {
    absl::MutexLock lock(&mu_);
    connection_.reset();
    if (closed_) return StoreUnavailable(kRedisStoreName, "closed");
  }
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) {
    return StoreUnavailable(kRedisStoreName, absl::StrCat("XREAD failed: ", reply->text));
  }
  return DecodeStreamRead(*reply);
}

void RedisJournalTail::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  if (connection_ != nullptr) connection_->Interrupt();
}

}  // namespace hitl::store

// WaitForEntries for the Redis store: XREAD BLOCK on the journal stream, on
// a connection of its own (a blocked connection in the pool would starve
// other callers). Its socket timeout is the wait plus the command timeout,
// so a dead Redis is noticed; a broken connection is dropped and the next
// call reconnects (through the connector's backoff). Close interrupts a
// blocked read at once.
//
// Thread-safe; calls are served one at a time (the one caller is the
// process's journal feed).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/journal.h"
#include "server/store/redis_connection.h"
#include "server/store/redis_connector.h"

namespace hitl::store {

class RedisJournalTail {
 public:
  RedisJournalTail(RedisConnector& connector, std::string journal_key,
                   absl::Duration command_timeout);

  // Entries with seq > after_seq, at most `limit`, waiting up to `wait`
  // for the first; none if the wait ran out.
  absl::StatusOr<std::vector<JournalEntry>> Wait(int64_t after_seq, int limit,
                                                 absl::Duration wait);
  // Fails a blocked Wait now and every later one.
  void Close();

 private:
  // The connection to read on, made if there is none.
  absl::StatusOr<RedisConnection*> Connection();

  RedisConnector& connector_;
  const std::string journal_key_;
  const absl::Duration command_timeout_;
  absl::Mutex call_mu_;  // serialises Wait
  absl::Mutex mu_;       // guards the members below against Close
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  // Replaced only by the thread holding call_mu_; Close only interrupts it.
  std::unique_ptr<RedisConnection> connection_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::store

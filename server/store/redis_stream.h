// Journal entries as Redis stream entries: the stream id is "<seq>-0", so a
// cursor's seq is the id's first part, and the fields are s (session id),
// t (recorded_at, micros as in session_codec.h) and p (payload, any bytes).
// The commit script writes them; this reads them back.
//
// Thread-safe: free functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/journal.h"
#include "server/store/redis_reply.h"

namespace hitl::store {

// The stream id of `seq`: "<seq>-0".
std::string StreamId(int64_t seq);
// The entries of an XRANGE reply, oldest first. UNAVAILABLE (Redis store)
// if the reply is not made of well-formed journal entries.
absl::StatusOr<std::vector<JournalEntry>> DecodeStreamEntries(const RedisReply& reply);
// The entries of an XREAD reply on one stream (none if it timed out).
absl::StatusOr<std::vector<JournalEntry>> DecodeStreamRead(const RedisReply& reply);

}  // namespace hitl::store

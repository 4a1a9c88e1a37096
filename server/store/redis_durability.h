// Whether Redis keeps what it acknowledged: the store promises that a
// commit is durable when it returns OK, which holds on one Redis only with
// appendonly yes and appendfsync always. Redis's settings are the
// operator's; the store checks them when it opens and warns (it still
// works, with weaker durability). Managed Redis often forbids CONFIG; then
// the check says it could not tell.
//
// Thread-safe: free functions.
#pragma once

#include <string>

#include "server/store/redis_connection.h"
#include "server/store/redis_reply.h"

namespace hitl::store {

struct DurabilityCheck {
  enum class Verdict { kDurable, kMayLoseWrites, kUnknown };
  Verdict verdict = Verdict::kUnknown;
  std::string detail;  // what was found, for the log line
};

// Judges the replies to CONFIG GET appendonly and CONFIG GET appendfsync.
DurabilityCheck JudgeDurability(const RedisReply& appendonly, const RedisReply& appendfsync);
// Asks Redis and judges; a transport failure gives kUnknown.
DurabilityCheck CheckDurability(RedisConnection& connection);
// Logs a warning unless the verdict is kDurable.
void LogDurability(const DurabilityCheck& check, absl::string_view address);

}  // namespace hitl::store

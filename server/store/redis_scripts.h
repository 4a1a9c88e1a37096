// The Redis store's Lua scripts: each one write of the Store, atomic on the
// server (Redis runs a script alone). A script first checks everything
// and only then writes, because Redis does not roll back a script that
// fails half way. Every key a script touches comes in KEYS (all under the
// one hash tag, see redis_keys.h). Numbers that may exceed Lua's 14-digit
// default format are formatted with %d or passed in from C++ as strings.
//
// Scripts are loaded with SCRIPT LOAD when the store opens and run with
// EVALSHA; a Redis that forgot them (restarted, SCRIPT FLUSH) answers
// NOSCRIPT, and the script is loaded again and re-run.
//
// Thread-safe: immutable constants.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/redis_connection.h"

namespace hitl::store {

class RedisScript {
 public:
  RedisScript(absl::string_view name, absl::string_view source);

  // EVALSHA with `keys` and `args`. UNAVAILABLE (naming the script) if the
  // connection fails or the script raises an error.
  absl::StatusOr<RedisReply> Run(RedisConnection& connection,
                                 const std::vector<std::string>& keys,
                                 const std::vector<std::string>& args) const;
  absl::string_view name() const { return name_; }

 private:
  friend absl::Status LoadScripts(RedisConnection& connection);
  absl::StatusOr<RedisReply> Evalsha(RedisConnection& connection,
                                     const std::vector<std::string>& keys,
                                     const std::vector<std::string>& args) const;
  absl::Status Load(RedisConnection& connection) const;

  std::string name_;
  std::string source_;
  std::string sha1_;  // hex, as SCRIPT LOAD reports it
};

// Loads every script below (and so checks that they compile).
absl::Status LoadScripts(RedisConnection& connection);

// A journal commit (also UpdateSession: a commit of a session alone).
// KEYS: journal, seq, sjournals, open, session, deliveries, then per entry
// its session's sjournal. ARGV: delivery dedup key ("" none), received_at
// micros, session (0 none, 1 written, 2 only its version checked), expected
// version, record ("" when checked), ended (1/0), session id,
// record's ended_seq, ended entry (1-based, 0 none), chat id, entry count,
// then per entry: dedup key ("" none), session id, recorded_at micros,
// payload.
// Returns {"duplicate"} | {"missing"} | {"conflict"} | {"chat"} |
// {"ok", version, ended_seq, seq of each entry or "0" if skipped}.
extern const RedisScript kCommitScript;
// Reads the journal by session: KEYS: journal, then the sjournal of each
// session (no repeats). ARGV: start (exclusive, "(<id>"), limit. Returns
// the journal's entries (as XRANGE does) at most `limit`, oldest first;
// an entry retention deleted meanwhile is left out.
extern const RedisScript kReadSessionsScript;
// KEYS: session, chat, open. ARGV: record, session id, chat id, ended
// (1/0), ended_seq. Returns "ok" | "session" | "chat" (which one exists).
extern const RedisScript kCreateSessionScript;
// KEYS: session, chat, open, journal, sjournal, sjournals. ARGV: session
// id, its chat id as read before ("" if none). Returns "ok" | "retry" (the
// session changed chat meanwhile).
extern const RedisScript kDeleteSessionScript;
// KEYS: journal, pruned. ARGV: through, "<through+1>-0". Returns the
// number of entries trimmed.
extern const RedisScript kPruneJournalScript;
// KEYS: sjournals, then sjournal keys. ARGV: min id, then the session ids
// of those keys. Trims each and forgets the ones left empty.
extern const RedisScript kPruneSessionJournalsScript;
// KEYS: record. ARGV: owner, ttl ms, key ttl ms. Returns {"completed",
// outcome, 0} | {"held", "", ms left} | {"progress", value, 0} |
// {"acquired", "", 0}.
extern const RedisScript kReserveScript;
// KEYS: record. ARGV: owner, value, ttl ms, key ttl ms. Returns 1, or 0
// if `owner` does not hold the key.
extern const RedisScript kSaveProgressScript;
// KEYS: record. ARGV: owner, outcome, keep ms. Returns 1, or 0 if `owner`
// does not hold the key.
extern const RedisScript kCompleteScript;
// KEYS: record. ARGV: owner.
extern const RedisScript kReleaseScript;
// KEYS: lease. ARGV: owner, ttl ms. Returns 1 if held by `owner` now.
extern const RedisScript kAcquireLeaseScript;
// KEYS: lease. ARGV: owner.
extern const RedisScript kReleaseLeaseScript;

}  // namespace hitl::store

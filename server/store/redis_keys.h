// The Redis store's key layout. Every key starts with "{<prefix>}:", one
// hash tag, so the whole data set sits in one Redis Cluster slot and each
// Lua script may touch any of it (scripts still get every key in KEYS).
//
//   {p}:session:<id>     hash: r (encoded record), v (version), e (ended_seq),
//                        c (chat id)
//   {p}:chat:<chat_id>   string: session id
//   {p}:open             sorted set, score 0, members: ids of open sessions
//   {p}:journal          stream of every entry, id "<seq>-0"; fields s
//                        (session id), t (recorded_at micros), p (payload)
//   {p}:seq              counter: the highest seq assigned
//   {p}:sjournal:<id>    stream: the ids of one session's journal entries
//                        (one empty field, j: each payload is stored once)
//   {p}:sjournals        set: ids of sessions with a sjournal stream
//   {p}:deliveries       sorted set: de-duplication keys seen (of deliveries
//                        and of entries), score: received_at micros
//   {p}:pruned           string: the highest seq retention deleted
//   {p}:idem:<key>       hash with a TTL: an idempotency record
//   {p}:lease:<name>     string with a TTL: the lease holder
//
// Thread-safe: immutable after construction.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hitl::store {

// INVALID_ARGUMENT unless `prefix` is non-empty and free of '{' and '}'
// (which would break the hash tag).
absl::Status ValidateKeyPrefix(absl::string_view prefix);

class RedisKeys {
 public:
  explicit RedisKeys(absl::string_view prefix);

  // "{<prefix>}:", the start of every key.
  const std::string& tag() const { return tag_; }
  std::string Session(absl::string_view session_id) const { return Key("session:", session_id); }
  std::string Chat(absl::string_view chat_id) const { return Key("chat:", chat_id); }
  std::string Open() const { return Key("open"); }
  std::string Journal() const { return Key("journal"); }
  std::string Seq() const { return Key("seq"); }
  std::string SessionJournal(absl::string_view session_id) const {
    return Key("sjournal:", session_id);
  }
  std::string SessionJournals() const { return Key("sjournals"); }
  std::string Deliveries() const { return Key("deliveries"); }
  std::string Pruned() const { return Key("pruned"); }
  std::string Idempotency(absl::string_view key) const { return Key("idem:", key); }
  std::string Lease(absl::string_view name) const { return Key("lease:", name); }

 private:
  std::string Key(absl::string_view kind, absl::string_view name = "") const;
  std::string tag_;
};

}  // namespace hitl::store

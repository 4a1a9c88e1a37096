// The Store on Redis, shared by any number of stateless gateway replicas.
// Key layout: redis_keys.h; every write is one Lua script (redis_scripts.h),
// so it is all or nothing and serialised with every other replica's.
//
// - Journal: the stream {p}:journal with ids "<seq>-0", seq from the
//   counter {p}:seq, both advanced inside the commit script: seqs are dense,
//   global and in commit order, and an entry is visible only with every
//   entry before it. Each entry's id is also added to its session's stream,
//   an index for reads by session (one script looks the entries up in the
//   journal). WaitForEntries is XREAD BLOCK on a connection of its own.
// - Sessions: a hash per session; its version (v) and ended_seq (e) sit
//   beside the encoded record (r) because the scripts set them: the commit
//   script stores the seq it assigned to the ended entry as e, so a session
//   and its ended event can never disagree.
// - De-duplication keys (of deliveries and of entries) sit in one sorted
//   set scored by JournalCommit::received_at, so Prune forgets exactly
//   those received before its cutoff, as the SQLite store does (a TTL per
//   key could not honour received_at).
// - Retention: Prune scans the journal from its oldest entry for the newest
//   one recorded before the cutoff, stopping at entries kPruneClockSkew
//   past it (a scan to the end would read the whole journal every run),
//   then trims the journal and every session's stream in one script each.
// - Not supported: Redis Cluster redirections (MOVED) and Sentinel; the
//   one hash tag keeps the data set in one slot for a cluster-aware client.
// - Idempotency records and leases expire on the Redis server's clock. An
//   idempotency key outlives its reservation by a day (the expiry of the
//   reservation is a field), so a takeover still finds the progress; a
//   completed one lives for its `keep`.
// - Durability: with appendonly yes and appendfsync always (checked when
//   opening; warned about otherwise) an acknowledged write survives a Redis
//   crash. With min_replicas > 0 every write also waits (WAIT) until that
//   many replicas have it, and fails UNAVAILABLE if they do not confirm
//   within the command timeout (the write may still have happened: every
//   write is safe to retry).
// - Failures: while Redis is unreachable every call fails within about the
//   command timeout with UNAVAILABLE (reason STORE_FAILURE) naming the
//   Redis store; connections are re-made (with backoff) as calls come, so
//   the store recovers by itself when Redis is back. A call whose
//   connection fails mid-way is not retried: its write may or may not have
//   happened.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "server/common/clock.h"
#include "server/store/redis_connector.h"
#include "server/store/redis_journal_tail.h"
#include "server/store/redis_keys.h"
#include "server/store/recent_sessions.h"
#include "server/store/redis_pool.h"
#include "server/store/redis_scripts.h"
#include "server/store/store.h"

namespace hitl::store {

struct RedisOptions {
  // HITL_REDIS_URL: redis://[[user]:password@]host[:port][/db].
  std::string url;
  // From HITL_REDIS_PASSWORD_FILE; overrides the URL's password if set.
  std::string password;
  // Keys are "{<key_prefix>}:..."; replicas sharing data share the prefix.
  std::string key_prefix = "hitl";
  // Names this replica's connections (CLIENT LIST), for operators.
  std::string replica_id;
  // Replicas that must confirm every write (WAIT); 0 trusts the primary.
  int min_replicas = 0;
  absl::Duration connect_timeout = absl::Seconds(2);
  absl::Duration command_timeout = absl::Seconds(2);
  // As many as the webhook listener's threads, so none waits for one.
  int pool_size = 16;
};

class RedisStore final : public Store {
 public:
  // Connects, loads the scripts and checks Redis's durability settings.
  // INVALID_ARGUMENT for bad options; UNAVAILABLE naming HITL_REDIS_URL
  // (its address, never the password) if Redis cannot be reached. `clock`
  // paces reconnection attempts.
  static absl::StatusOr<std::unique_ptr<RedisStore>> Open(
      const RedisOptions& options, Clock& clock = RealClock::Instance());
  ~RedisStore() override;

  absl::StatusOr<SessionRecord> CreateSession(const SessionRecord& session) override;
  absl::StatusOr<SessionRecord> GetSession(absl::string_view session_id) override;
  absl::StatusOr<std::optional<SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) override;
  // From the records this replica read or wrote last, if it has one.
  absl::StatusOr<std::optional<SessionRecord>> FindSessionByChatToWrite(
      absl::string_view chat_id) override;
  absl::StatusOr<SessionRecord> UpdateSession(const SessionRecord& session) override;
  absl::Status DeleteSession(absl::string_view session_id) override;
  absl::StatusOr<std::vector<SessionRecord>> ListOpenSessions(absl::string_view after_session_id,
                                                              int limit) override;

  absl::StatusOr<CommitResult> Commit(const JournalCommit& commit) override;
  absl::StatusOr<std::vector<JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) override;
  absl::StatusOr<std::vector<JournalEntry>> WaitForEntries(int64_t after_seq, int limit,
                                                           absl::Duration wait) override;
  absl::StatusOr<int64_t> LastSeq() override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<int64_t> Prune(absl::Time cutoff) override;

  absl::StatusOr<Reservation> Reserve(absl::string_view key, absl::string_view owner,
                                      absl::Duration ttl) override;
  absl::Status SaveProgress(absl::string_view key, absl::string_view owner,
                            absl::string_view value, absl::Duration ttl) override;
  absl::Status Complete(absl::string_view key, absl::string_view owner, absl::string_view value,
                        absl::Duration keep) override;
  absl::Status Release(absl::string_view key, absl::string_view owner) override;

  absl::StatusOr<bool> AcquireLease(absl::string_view name, absl::string_view owner,
                                    absl::Duration ttl) override;
  absl::Status ReleaseLease(absl::string_view name, absl::string_view owner) override;

  absl::Status Ping() override;
  // Nothing to do: Redis expires idempotency records and leases itself.
  absl::Status ForgetExpired() override;
  void Close() override;

 private:
  RedisStore(const RedisOptions& options, RedisConnectionOptions connection, Clock& clock);
  // Runs a writing script and, with min_replicas, waits for the replicas.
  absl::StatusOr<RedisReply> Write(const RedisScript& script, const std::vector<std::string>& keys,
                                   const std::vector<std::string>& args);
  absl::Status AwaitReplicas(RedisConnection& connection);
  // A command (or a pipeline) on the pool; error replies become UNAVAILABLE.
  absl::StatusOr<RedisReply> Call(const std::vector<std::string>& command);
  absl::StatusOr<std::vector<RedisReply>> CallAll(
      const std::vector<std::vector<std::string>>& commands);
  // HMGET r v e of a session, and its decoding.
  std::vector<std::string> SessionFields(absl::string_view session_id) const;
  absl::StatusOr<std::optional<SessionRecord>> DecodeStored(absl::string_view session_id,
                                                            const RedisReply& fields) const;
  absl::StatusOr<std::optional<SessionRecord>> FindSession(absl::string_view session_id);
  absl::StatusOr<int64_t> Counter(const std::string& key);
  // The seq of the newest entry recorded before `cutoff` (0 if none): the
  // end of the prefix Prune deletes.
  absl::StatusOr<int64_t> PruneEnd(absl::Time cutoff);
  // Trims every session's stream through `through`.
  absl::Status PruneSessionJournals(int64_t through);

  const RedisKeys keys_;
  const int min_replicas_;
  const absl::Duration command_timeout_;
  RedisConnector connector_;
  RedisPool pool_;
  RedisJournalTail tail_;
  RecentSessions recent_;
  std::atomic<bool> closed_{false};
};

}  // namespace hitl::store

// The Store on SQLite: one file (WAL journal, fsync on every commit, mode
// 0600 because it holds customer tokens), or ":memory:" for a private
// in-memory database. One connection per instance, serialised by a mutex:
// SQLite writes are serial anyway, and the gateway's write rate (webhooks)
// is far below one connection's capacity.
//
// A one-process backend: several instances may open the same file (they
// then share one in-process signal, so WaitForEntries wakes on a commit
// made through any of them), but a commit by another process wakes no
// waiter here; it is seen when the wait runs out. Idempotency and lease
// expiry run on the Clock given to Open.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"
#include "server/store/store.h"

struct sqlite3;

namespace hitl::store {

class SqliteStatement;  // a prepared statement (sqlite_store.cc)

class SqliteStore final : public Store {
 public:
  // Opens (creating or upgrading if needed) the database at `path`;
  // ":memory:" for a private in-memory database. `clock` must outlive the
  // store. Errors name HITL_DB and the path.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                           Clock& clock);
  ~SqliteStore() override;

  // SessionStore
  absl::StatusOr<SessionRecord> CreateSession(const SessionRecord& session) override;
  absl::StatusOr<SessionRecord> GetSession(absl::string_view session_id) override;
  absl::StatusOr<std::optional<SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) override;
  absl::StatusOr<SessionRecord> UpdateSession(const SessionRecord& session) override;
  absl::Status DeleteSession(absl::string_view session_id) override;
  absl::StatusOr<std::vector<SessionRecord>> ListOpenSessions(absl::string_view after_session_id,
                                                              int limit) override;

  // Journal
  absl::StatusOr<CommitResult> Commit(const JournalCommit& commit) override;
  absl::StatusOr<std::vector<JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) override;
  absl::StatusOr<std::vector<JournalEntry>> WaitForEntries(int64_t after_seq, int limit,
                                                           absl::Duration wait) override;
  absl::StatusOr<int64_t> LastSeq() override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<int64_t> Prune(absl::Time cutoff) override;

  // Idempotency
  absl::StatusOr<Reservation> Reserve(absl::string_view key, absl::string_view owner,
                                      absl::Duration ttl) override;
  absl::Status SaveProgress(absl::string_view key, absl::string_view owner,
                            absl::string_view value, absl::Duration ttl) override;
  absl::Status Complete(absl::string_view key, absl::string_view owner, absl::string_view value,
                        absl::Duration keep) override;
  absl::Status Release(absl::string_view key, absl::string_view owner) override;

  // Leases
  absl::StatusOr<bool> AcquireLease(absl::string_view name, absl::string_view owner,
                                    absl::Duration ttl) override;
  absl::Status ReleaseLease(absl::string_view name, absl::string_view owner) override;

  // Store
  absl::Status Ping() override;
  absl::Status ForgetExpired() override;
  void Close() override;

 private:
  // Wakes WaitForEntries; one per database file in this process.
  class CommitSignal;

  SqliteStore(sqlite3* db, std::string name, Clock& clock, std::shared_ptr<CommitSignal> signal);

  // UNAVAILABLE once closed.
  absl::Status CheckOpen() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  SqliteStatement Prepare(const std::string& sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Exec(const char* sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if `body` or
  // the COMMIT fails, so no transaction is ever left open.
  absl::Status InTransaction(absl::FunctionRef<absl::Status()> body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Migrate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status MigrateToVersion3() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertCompletedRecord(const std::string& key, const std::string& value,
                                     absl::Time expires) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<SessionRecord>> SelectSession(const char* column,
                                                             absl::string_view key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The compare-and-set write of UpdateSession and Commit; inside a
  // transaction, so "gone", "changed" and "another chat" are told apart
  // reliably.
  absl::StatusOr<SessionRecord> WriteSession(const SessionRecord& session)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // OK if the stored session is still at `session`'s version (and chat);
  // otherwise why a write naming it fails.
  absl::Status CheckVersion(const SessionRecord& session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Records a delivery key; false if it was recorded before.
  absl::StatusOr<bool> FirstSighting(const std::string& key, absl::Time received_at)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<int64_t> MetaValue(const char* key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs `sql` (binding value, now + ttl, key, owner); a conflict unless it
  // changed the record, i.e. `owner` still holds `key`.
  absl::Status UpdateHeldRecord(const char* sql, absl::string_view key, absl::string_view owner,
                                absl::string_view value, absl::Duration ttl)
      ABSL_LOCKS_EXCLUDED(mu_);

  // "SQLite store (HITL_DB '<path>')", the start of every error.
  const std::string name_;
  Clock& clock_;
  const std::shared_ptr<CommitSignal> signal_;
  absl::Mutex mu_;
  sqlite3* db_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::store

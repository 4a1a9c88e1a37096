// The Store on SQLite: one file (WAL journal, fsync on every commit, mode
// 0600 because it holds customer tokens), or ":memory:" for tests. One
// connection, serialised by a mutex: SQLite writes are serial anyway, and the
// gateway's write rate (webhooks) is far below one connection's capacity.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store.h"

struct sqlite3;

namespace hitl::store {

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database at `path`; ":memory:" for a
  // private in-memory database.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  absl::Status CreateSession(const SessionRecord& session,
                             absl::string_view start_request_id) override;
  absl::StatusOr<SessionRecord> GetSession(absl::string_view session_id) override;
  absl::StatusOr<std::optional<SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) override;
  absl::StatusOr<std::optional<std::string>> FindSessionByStartRequest(
      absl::string_view request_id) override;
  absl::Status DeleteSession(absl::string_view session_id) override;
  absl::Status UpdateCustomerSecrets(absl::string_view session_id,
                                     const CustomerSecrets& secrets) override;
  absl::Status MarkStopRequested(absl::string_view session_id,
                                 absl::string_view reason) override;
  absl::Status ClearStopRequested(absl::string_view session_id) override;
  absl::Status MarkRouted(absl::string_view session_id) override;
  absl::StatusOr<std::vector<SessionRecord>> ListOpenSessions(absl::string_view after_session_id,
                                                              int limit) override;
  absl::StatusOr<std::vector<std::string>> GetSentParts(
      absl::string_view session_id, absl::string_view request_id) override;
  absl::Status RecordSentPart(absl::string_view session_id, absl::string_view request_id,
                              int part, absl::string_view event_id) override;
  absl::StatusOr<CommitResult> Commit(const JournalCommit& commit) override;
  absl::StatusOr<std::vector<JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) override;
  absl::StatusOr<int64_t> LastSeq() override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<int64_t> Prune(absl::Time cutoff) override;
  absl::Status Ping() override;
  void Close() override;

 private:
  explicit SqliteStore(sqlite3* db);
  absl::Status Exec(const char* sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if `body` or
  // the COMMIT fails, so no transaction is ever left open.
  absl::Status InTransaction(absl::FunctionRef<absl::Status()> body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Migrate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<SessionRecord>> SelectSession(const char* where,
                                                             absl::string_view key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status WriteSession(const SessionRecord& session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<int64_t> MetaValue(const char* key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  sqlite3* db_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::store

#include "server/store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/common/errors.h"

namespace hitl::store {
namespace {

constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sessions (
  session_id TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL UNIQUE,
  thread_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  group_id INTEGER NOT NULL,
  state INTEGER NOT NULL,
  agent_ids TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  end_time_us INTEGER,
  end_reason TEXT NOT NULL,
  ended_by INTEGER NOT NULL,
  routed INTEGER NOT NULL DEFAULT 0,
  opening_event_ids TEXT NOT NULL DEFAULT '',
  last_transfer_hash TEXT NOT NULL DEFAULT '',
  stop_requested INTEGER NOT NULL,
  stop_reason TEXT NOT NULL,
  ended_seq INTEGER NOT NULL,
  start_request_id TEXT UNIQUE,
  customer_token TEXT NOT NULL,
  customer_token_expiry_us INTEGER NOT NULL,
  customer_cookie_id TEXT NOT NULL,
  customer_cookie_secret TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sent_parts (
  session_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  part INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (session_id, request_id, part)
);
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  recorded_us INTEGER NOT NULL,
  payload BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_by_session ON journal (session_id, seq);
CREATE TABLE IF NOT EXISTS deliveries (
  dedup_key TEXT PRIMARY KEY,
  seen_us INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
)sql";

constexpr const char* kSessionColumns =
    "session_id, chat_id, thread_id, customer_id, user_id, group_id, state, agent_ids, "
    "create_time_us, end_time_us, end_reason, ended_by, stop_requested, stop_reason, "
    "ended_seq, customer_token, customer_token_expiry_us, customer_cookie_id, "
    "customer_cookie_secret, routed, opening_event_ids, last_transfer_hash";

absl::Status StoreError(sqlite3* db, absl::string_view what) {
  return MakeError(absl::StatusCode::kUnavailable, reason::kStoreFailure,
                   absl::StrCat("session store: ", what, ": ", sqlite3_errmsg(db)));
}

// The infinite past (e.g. "no token yet") is kept as INT64_MIN so it reads
// back infinite rather than as a finite date 290 000 years ago.
int64_t ToMicros(absl::Time time) {
  return time == absl::InfinitePast() ? INT64_MIN : absl::ToUnixMicros(time);
}
absl::Time FromMicros(int64_t micros) {
  return micros == INT64_MIN ? absl::InfinitePast() : absl::FromUnixMicros(micros);
}

// A prepared statement, finalised on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      status_ = StoreError(db, "prepare");
      stmt_ = nullptr;
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, absl::string_view text) {
    if (stmt_) sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int index, absl::string_view bytes) {
    if (stmt_) sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    if (stmt_) sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& BindNull(int index) {
    if (stmt_) sqlite3_bind_null(stmt_, index);
    return *this;
  }

  // True when a row is available, false when done.
  absl::StatusOr<bool> Step() {
    if (!status_.ok()) return status_;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT) {
      return absl::AlreadyExistsError(absl::StrCat("constraint: ", sqlite3_errmsg(db_)));
    }
    return StoreError(db_, "step");
  }
  absl::Status Run() { return Step().status(); }

  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char*>(text),
                                         sqlite3_column_bytes(stmt_, column));
  }
  std::string Blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    return data == nullptr ? std::string()
                           : std::string(static_cast<const char*>(data),
                                         sqlite3_column_bytes(stmt_, column));
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  absl::Status status_;
};

SessionRecord ReadSession(const Statement& row) {
  SessionRecord s;
  s.session_id = row.Text(0);
  s.chat_id = row.Text(1);
  s.thread_id = row.Text(2);
  s.customer_id = row.Text(3);
  s.user_id = row.Text(4);
  s.group_id = row.Int(5);
  s.state = static_cast<SessionState>(row.Int(6));
  std::string agents = row.Text(7);
  if (!agents.empty()) s.agent_ids = absl::StrSplit(agents, '\n');
  s.create_time = FromMicros(row.Int(8));
  if (!row.IsNull(9)) s.end_time = FromMicros(row.Int(9));
  s.end_reason = row.Text(10);
  s.ended_by = static_cast<EndedBy>(row.Int(11));
  s.stop_requested = row.Int(12) != 0;
  s.stop_reason = row.Text(13);
  s.ended_seq = row.Int(14);
  s.customer.access_token = row.Text(15);
  s.customer.token_expires_at = FromMicros(row.Int(16));
  s.customer.cookie_customer_id = row.Text(17);
  s.customer.cookie_secret = row.Text(18);
  s.routed = row.Int(19) != 0;
  std::string opening = row.Text(20);
  if (!opening.empty()) s.opening_event_ids = absl::StrSplit(opening, '\n');
  s.last_transfer_hash = row.Text(21);
  return s;
}

// Binds every session column in kSessionColumns order, from index 1 (22
// columns).
void BindSession(Statement& stmt, const SessionRecord& s) {
  stmt.Bind(1, s.session_id)
      .Bind(2, s.chat_id)
      .Bind(3, s.thread_id)
      .Bind(4, s.customer_id)
      .Bind(5, s.user_id)
      .Bind(6, s.group_id)
      .Bind(7, static_cast<int64_t>(s.state))
      .Bind(8, absl::StrJoin(s.agent_ids, "\n"))
      .Bind(9, ToMicros(s.create_time));
  if (s.end_time) {
    stmt.Bind(10, ToMicros(*s.end_time));
  } else {
    stmt.BindNull(10);
  }
  stmt.Bind(11, s.end_reason)
      .Bind(12, static_cast<int64_t>(s.ended_by))
      .Bind(13, static_cast<int64_t>(s.stop_requested ? 1 : 0))
      .Bind(14, s.stop_reason)
      .Bind(15, s.ended_seq)
      .Bind(16, s.customer.access_token)
      .Bind(17, ToMicros(s.customer.token_expires_at))
      .Bind(18, s.customer.cookie_customer_id)
      .Bind(19, s.customer.cookie_secret)
      .Bind(20, static_cast<int64_t>(s.routed ? 1 : 0))
      .Bind(21, absl::StrJoin(s.opening_event_ids, "\n"))
      .Bind(22, s.last_transfer_hash);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    absl::Status status = MakeError(
        absl::StatusCode::kUnavailable, reason::kStoreFailure,
        absl::StrCat("HITL_DB: cannot open '", path, "': ",
                     db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return status;
  }
  if (path != ":memory:") chmod(path.c_str(), S_IRUSR | S_IWUSR);
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  absl::MutexLock lock(&store->mu_);
  absl::Status status = store->Migrate();
  if (!status.ok()) return Annotate(status, absl::StrCat("HITL_DB '", path, "'"));
  return store;
}

SqliteStore::SqliteStore(sqlite3* db) : db_(db) {}

SqliteStore::~SqliteStore() { Close(); }

void SqliteStore::Close() {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return;
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

absl::Status SqliteStore::Exec(const char* sql) {
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return MakeError(absl::StatusCode::kUnavailable, reason::kStoreFailure,
                     absl::StrCat("session store: ", message));
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::InTransaction(absl::FunctionRef<absl::Status()> body) {
  if (absl::Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  absl::Status status = body();
  if (status.ok()) status = Exec("COMMIT");
  if (!status.ok()) Exec("ROLLBACK").IgnoreError();
  return status;
}

absl::Status SqliteStore::Migrate() {
  // WAL lets readers run beside the writer; FULL syncs every commit so an
  // acknowledged webhook survives a power cut, not only a crash.
  for (const char* pragma : {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;",
                             "PRAGMA busy_timeout=5000;"}) {
    if (absl::Status s = Exec(pragma); !s.ok()) return s;
  }
  auto version = MetaValue("schema_version");
  bool fresh = !version.ok();  // no meta table yet
  if (absl::Status s = Exec(kSchema); !s.ok()) return s;
  version = MetaValue("schema_version");
  if (!version.ok()) return version.status();
  if (!fresh && *version == 1) {
    // v2 added `routed` (v1 sessions were routed when stored),
    // `opening_event_ids` and `last_transfer_hash`.
    for (const char* sql :
         {"ALTER TABLE sessions ADD COLUMN routed INTEGER NOT NULL DEFAULT 1",
          "ALTER TABLE sessions ADD COLUMN opening_event_ids TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE sessions ADD COLUMN last_transfer_hash TEXT NOT NULL DEFAULT ''"}) {
      if (absl::Status s = Exec(sql); !s.ok()) return s;
    }
  }
  if (*version > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "written by a newer hitl-gateway (schema ", *version, " > ", kSchemaVersion, ")"));
  }
  Statement stmt(db_, "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)");
  return stmt.Bind(1, static_cast<int64_t>(kSchemaVersion)).Run();
}

absl::StatusOr<int64_t> SqliteStore::MetaValue(const char* key) {
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_, "SELECT value FROM meta WHERE key = ?");
  stmt.Bind(1, key);
  auto row = stmt.Step();
  if (!row.ok()) return row.status();
  return *row ? stmt.Int(0) : 0;
}

absl::Status SqliteStore::CreateSession(const SessionRecord& session,
                                        absl::string_view start_request_id) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_, absl::StrCat("INSERT INTO sessions (", kSessionColumns,
                                   ", start_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindSession(stmt, session);
  if (start_request_id.empty()) {
    stmt.BindNull(23);
  } else {
    stmt.Bind(23, start_request_id);
  }
  return stmt.Run();
}

absl::StatusOr<std::optional<SessionRecord>> SqliteStore::SelectSession(
    const char* where, absl::string_view key) {
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_, absl::StrCat("SELECT ", kSessionColumns, " FROM sessions WHERE ", where,
                                   " = ?"));
  stmt.Bind(1, key);
  auto row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return ReadSession(stmt);
}

absl::StatusOr<SessionRecord> SqliteStore::GetSession(absl::string_view session_id) {
  absl::MutexLock lock(&mu_);
  auto session = SelectSession("session_id", session_id);
  if (!session.ok()) return session.status();
  if (!session->has_value()) {
    return MakeError(absl::StatusCode::kNotFound, reason::kSessionNotFound,
                     absl::StrCat("session '", session_id, "' does not exist"));
  }
  return **session;
}

absl::StatusOr<std::optional<SessionRecord>> SqliteStore::FindSessionByChat(
    absl::string_view chat_id) {
  absl::MutexLock lock(&mu_);
  return SelectSession("chat_id", chat_id);
}

absl::StatusOr<std::optional<std::string>> SqliteStore::FindSessionByStartRequest(
    absl::string_view request_id) {
  absl::MutexLock lock(&mu_);
  auto session = SelectSession("start_request_id", request_id);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return std::nullopt;
  return (*session)->session_id;
}

absl::Status SqliteStore::DeleteSession(absl::string_view session_id) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  return InTransaction([&]() -> absl::Status {
    for (const char* sql : {"DELETE FROM journal WHERE session_id = ?",
                            "DELETE FROM sent_parts WHERE session_id = ?",
                            "DELETE FROM sessions WHERE session_id = ?"}) {
      Statement stmt(db_, sql);
      if (absl::Status s = stmt.Bind(1, session_id).Run(); !s.ok()) return s;
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteStore::UpdateCustomerSecrets(absl::string_view session_id,
                                                const CustomerSecrets& secrets) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  // An ended session keeps no secrets; a late refresh must not restore them.
  Statement stmt(db_,
                 "UPDATE sessions SET customer_token = ?, customer_token_expiry_us = ?, "
                 "customer_cookie_id = ?, customer_cookie_secret = ? "
                 "WHERE session_id = ? AND state != ?");
  stmt.Bind(1, secrets.access_token)
      .Bind(2, ToMicros(secrets.token_expires_at))
      .Bind(3, secrets.cookie_customer_id)
      .Bind(4, secrets.cookie_secret)
      .Bind(5, session_id)
      .Bind(6, static_cast<int64_t>(SessionState::kEnded));
  return stmt.Run();
}

absl::Status SqliteStore::MarkStopRequested(absl::string_view session_id,
                                            absl::string_view reason) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_,
                 "UPDATE sessions SET stop_requested = 1, stop_reason = ? WHERE session_id = ?");
  return stmt.Bind(1, reason).Bind(2, session_id).Run();
}

absl::Status SqliteStore::ClearStopRequested(absl::string_view session_id) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_,
                 "UPDATE sessions SET stop_requested = 0, stop_reason = '' WHERE session_id = ?");
  return stmt.Bind(1, session_id).Run();
}

absl::Status SqliteStore::MarkRouted(absl::string_view session_id) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_, "UPDATE sessions SET routed = 1 WHERE session_id = ?");
  return stmt.Bind(1, session_id).Run();
}

absl::StatusOr<std::vector<SessionRecord>> SqliteStore::ListOpenSessions(
    absl::string_view after_session_id, int limit) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_, absl::StrCat("SELECT ", kSessionColumns,
                                   " FROM sessions WHERE state != ? AND session_id > ? "
                                   "ORDER BY session_id LIMIT ?"));
  stmt.Bind(1, static_cast<int64_t>(SessionState::kEnded))
      .Bind(2, after_session_id)
      .Bind(3, static_cast<int64_t>(limit));
  std::vector<SessionRecord> sessions;
  while (true) {
    auto row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    sessions.push_back(ReadSession(stmt));
  }
  return sessions;
}

absl::StatusOr<std::vector<std::string>> SqliteStore::GetSentParts(
    absl::string_view session_id, absl::string_view request_id) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_,
                 "SELECT part, event_id FROM sent_parts WHERE session_id = ? AND "
                 "request_id = ? ORDER BY part");
  stmt.Bind(1, session_id).Bind(2, request_id);
  std::vector<std::string> event_ids;
  while (true) {
    auto row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    // Parts are recorded in order, so the first gap ends what was posted.
    if (stmt.Int(0) != static_cast<int64_t>(event_ids.size())) break;
    event_ids.push_back(stmt.Text(1));
  }
  return event_ids;
}

absl::Status SqliteStore::RecordSentPart(absl::string_view session_id,
                                         absl::string_view request_id, int part,
                                         absl::string_view event_id) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  Statement stmt(db_,
                 "INSERT OR REPLACE INTO sent_parts (session_id, request_id, part, event_id) "
                 "VALUES (?, ?, ?, ?)");
  return stmt.Bind(1, session_id)
      .Bind(2, request_id)
      .Bind(3, static_cast<int64_t>(part))
      .Bind(4, event_id)
      .Run();
}

absl::StatusOr<CommitResult> SqliteStore::Commit(const JournalCommit& commit) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  CommitResult result;
  int64_t ended_seq = 0;
  // Records a delivery key; false if it was recorded before.
  auto first_sighting = [&](const std::string& key) -> absl::StatusOr<bool> {
    Statement stmt(db_, "INSERT OR IGNORE INTO deliveries (dedup_key, seen_us) VALUES (?, ?)");
    if (absl::Status s = stmt.Bind(1, key).Bind(2, ToMicros(commit.received_at)).Run();
        !s.ok()) {
      return s;
    }
    return sqlite3_changes(db_) != 0;
  };
  absl::Status status = InTransaction([&]() -> absl::Status {
    if (!commit.dedup_key.empty()) {
      auto first = first_sighting(commit.dedup_key);
      if (!first.ok()) return first.status();
      if (!*first) {
        result.duplicate = true;
        return absl::OkStatus();
      }
    }
    for (const JournalEntry& entry : commit.entries) {
      if (!entry.dedup_key.empty()) {
        auto first = first_sighting(entry.dedup_key);
        if (!first.ok()) return first.status();
        if (!*first) continue;  // already journaled
      }
      Statement stmt(db_,
                     "INSERT INTO journal (session_id, recorded_us, payload) VALUES (?, ?, ?)");
      absl::Status s = stmt.Bind(1, entry.session_id)
                           .Bind(2, ToMicros(entry.recorded_at))
                           .BindBlob(3, entry.payload)
                           .Run();
      if (!s.ok()) return s;
      JournalEntry appended = entry;
      appended.seq = sqlite3_last_insert_rowid(db_);
      if (&entry - commit.entries.data() == commit.ended_entry) ended_seq = appended.seq;
      result.appended.push_back(std::move(appended));
    }
    if (commit.session) {
      SessionRecord session = *commit.session;
      if (ended_seq > 0) session.ended_seq = ended_seq;
      // UPDATE, never REPLACE: a replace would delete another session
      // holding the same chat id instead of failing.
      Statement stmt(db_, absl::StrCat("UPDATE sessions SET (", kSessionColumns,
                                       ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                       "?, ?, ?, ?, ?, ?) WHERE session_id = ?"));
      BindSession(stmt, session);
      stmt.Bind(23, session.session_id);
      if (absl::Status s = stmt.Run(); !s.ok()) return s;
      if (sqlite3_changes(db_) == 0) {
        return MakeError(absl::StatusCode::kNotFound, reason::kSessionNotFound,
                         absl::StrCat("session '", session.session_id, "' does not exist"));
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::vector<JournalEntry>> SqliteStore::ReadJournal(
    int64_t after_seq, const std::vector<std::string>& session_ids, int limit) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  std::string sql = "SELECT seq, session_id, recorded_us, payload FROM journal WHERE seq > ?";
  if (!session_ids.empty()) {
    std::vector<std::string> marks(session_ids.size(), "?");
    absl::StrAppend(&sql, " AND session_id IN (", absl::StrJoin(marks, ", "), ")");
  }
  absl::StrAppend(&sql, " ORDER BY seq LIMIT ?");
  Statement stmt(db_, sql);
  int index = 1;
  stmt.Bind(index++, after_seq);
  for (const std::string& id : session_ids) stmt.Bind(index++, id);
  stmt.Bind(index, static_cast<int64_t>(limit));
  std::vector<JournalEntry> entries;
  while (true) {
    auto row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    entries.push_back(JournalEntry{.seq = stmt.Int(0),
                                   .session_id = stmt.Text(1),
                                   .recorded_at = FromMicros(stmt.Int(2)),
                                   .payload = stmt.Blob(3)});
  }
  return entries;
}

absl::StatusOr<int64_t> SqliteStore::LastSeq() {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  // sqlite_sequence keeps the AUTOINCREMENT high-water mark even after the
  // newest rows were deleted.
  Statement stmt(db_, "SELECT seq FROM sqlite_sequence WHERE name = 'journal'");
  auto row = stmt.Step();
  if (!row.ok()) return row.status();
  return *row ? stmt.Int(0) : 0;
}

absl::StatusOr<int64_t> SqliteStore::PrunedThrough() {
  absl::MutexLock lock(&mu_);
  return MetaValue("pruned_through");
}

absl::StatusOr<int64_t> SqliteStore::Prune(absl::Time cutoff) {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  int64_t deleted = 0;
  absl::Status status = InTransaction([&]() -> absl::Status {
    // Delete a prefix (by seq) so "everything up to pruned_through is gone"
    // stays exact even if the clock stepped back.
    Statement last(db_, "SELECT MAX(seq) FROM journal WHERE recorded_us < ?");
    auto row = last.Bind(1, ToMicros(cutoff)).Step();
    if (!row.ok()) return row.status();
    if (*row && !last.IsNull(0)) {
      int64_t through = last.Int(0);
      Statement del(db_, "DELETE FROM journal WHERE seq <= ?");
      if (absl::Status s = del.Bind(1, through).Run(); !s.ok()) return s;
      deleted = sqlite3_changes(db_);
      Statement meta(db_,
                     "INSERT INTO meta (key, value) VALUES ('pruned_through', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value)");
      if (absl::Status s = meta.Bind(1, through).Run(); !s.ok()) return s;
    }
    Statement keys(db_, "DELETE FROM deliveries WHERE seen_us < ?");
    return keys.Bind(1, ToMicros(cutoff)).Run();
  });
  if (!status.ok()) return status;
  return deleted;
}

absl::Status SqliteStore::Ping() {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("session store is closed");
  return Exec("SELECT 1 FROM meta LIMIT 1");
}

}  // namespace hitl::store

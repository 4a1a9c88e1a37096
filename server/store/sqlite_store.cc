#include "server/store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/store/idempotency_keys.h"
#include "server/store/store_errors.h"

namespace hitl::store {
namespace {

// 1: first release. 2: routed, opening_event_ids, last_transfer_hash.
// 3: session versions; StartHitl and SendMessage idempotency moved from
// sessions.start_request_id and sent_parts to the idempotency table; leases.
constexpr int kSchemaVersion = 3;

// Records migrated from schema 2 are kept this long: long enough for any
// retry of a call made before the upgrade.
constexpr absl::Duration kMigratedKeep = absl::Hours(7 * 24);

// Every table, as of kSchemaVersion. Older databases keep their sessions
// table (and gain what they lack in Migrate), so `sessions` of a database
// upgraded from schema 2 still has a `start_request_id` column, unused:
// SQLite cannot drop a UNIQUE column.
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
  customer_token TEXT NOT NULL,
  customer_token_expiry_us INTEGER NOT NULL,
  customer_cookie_id TEXT NOT NULL,
  customer_cookie_secret TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
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
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_us INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_us INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
)sql";

// A session row is its key columns, these data columns (written by every
// update) and its version.
constexpr const char* kDataColumns =
    "thread_id, customer_id, user_id, group_id, state, agent_ids, create_time_us, "
    "end_time_us, end_reason, ended_by, stop_requested, stop_reason, ended_seq, "
    "customer_token, customer_token_expiry_us, customer_cookie_id, customer_cookie_secret, "
    "routed, opening_event_ids, last_transfer_hash";
constexpr int kDataColumnCount = 20;

std::string SessionColumns() {
  return absl::StrCat("session_id, chat_id, ", kDataColumns, ", version");
}

// "?, ?, ..." with `count` marks.
std::string Marks(int count) {
  std::vector<absl::string_view> marks(count, "?");
  return absl::StrJoin(marks, ", ");
}

// The infinite past (e.g. "no token yet") is kept as INT64_MIN so it reads
// back infinite rather than as a finite date 290 000 years ago.
int64_t ToMicros(absl::Time time) {
  return time == absl::InfinitePast() ? INT64_MIN : absl::ToUnixMicros(time);
}
absl::Time FromMicros(int64_t micros) {
  return micros == INT64_MIN ? absl::InfinitePast() : absl::FromUnixMicros(micros);
}

// What an operator can do about the failures that are not bugs.
absl::string_view Hint(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return " (another process holds the database: SQLite serves one gateway process)";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return " (check the path and that the gateway's user may write the file and its "
             "directory)";
    case SQLITE_FULL:
      return " (free disk space)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return " (the file is damaged or not a gateway database: restore it or point HITL_DB "
             "elsewhere)";
    default:
      return "";
  }
}

absl::Status Failure(absl::string_view name, sqlite3* db, int code) {
  return StoreUnavailable(name, absl::StrCat(db ? sqlite3_errmsg(db) : sqlite3_errstr(code),
                                             Hint(code)));
}

}  // namespace

// A prepared statement, finalised on destruction. A failed prepare is
// reported by the first Step.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const std::string& name, const std::string& sql)
      : db_(db), name_(name) {
    int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
      status_ = Failure(name_, db, rc);
      sqlite3_finalize(stmt_);
      stmt_ = nullptr;
    }
  }
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& Bind(int index, absl::string_view text) {
    if (stmt_) {
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT);
    }
    return *this;
  }
  // Never NULL: an empty value is a zero-length blob.
  SqliteStatement& BindBlob(int index, absl::string_view bytes) {
    if (stmt_ && bytes.empty()) sqlite3_bind_zeroblob(stmt_, index, 0);
    if (stmt_ && !bytes.empty()) {
      sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                        SQLITE_TRANSIENT);
    }
    return *this;
  }
  SqliteStatement& Bind(int index, int64_t value) {
    if (stmt_) sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  SqliteStatement& Bind(int index, absl::Time time) { return Bind(index, ToMicros(time)); }
  SqliteStatement& BindNull(int index) {
    if (stmt_) sqlite3_bind_null(stmt_, index);
    return *this;
  }

  // True when a row is available, false when done. ALREADY_EXISTS for a
  // constraint violation (a taken key).
  absl::StatusOr<bool> Step() {
    if (!status_.ok()) return status_;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT) return absl::AlreadyExistsError(sqlite3_errmsg(db_));
    return Failure(name_, db_, rc);
  }
  // Runs to the end; the number of rows it changed.
  absl::StatusOr<int> Run() {
    absl::StatusOr<bool> row;
    do {
      row = Step();
    } while (row.ok() && *row);
    if (!row.ok()) return row.status();
    return sqlite3_changes(db_);
  }

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
  absl::Time Time(int column) const { return FromMicros(Int(column)); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  const std::string& name_;
  sqlite3_stmt* stmt_ = nullptr;
  absl::Status status_;
};

namespace {


// A row selected with SessionColumns().
SessionRecord ReadSession(const SqliteStatement& row) {
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
  s.create_time = row.Time(8);
  if (!row.IsNull(9)) s.end_time = row.Time(9);
  s.end_reason = row.Text(10);
  s.ended_by = static_cast<EndedBy>(row.Int(11));
  s.stop_requested = row.Int(12) != 0;
  s.stop_reason = row.Text(13);
  s.ended_seq = row.Int(14);
  s.customer.access_token = row.Text(15);
  s.customer.token_expires_at = row.Time(16);
  s.customer.cookie_customer_id = row.Text(17);
  s.customer.cookie_secret = row.Text(18);
  s.routed = row.Int(19) != 0;
  std::string opening = row.Text(20);
  if (!opening.empty()) s.opening_event_ids = absl::StrSplit(opening, '\n');
  s.last_transfer_hash = row.Text(21);
  s.version = row.Int(22);
  return s;
}

// Binds the kDataColumns of `s`, in order, from `first` on.
void BindData(SqliteStatement& stmt, int first, const SessionRecord& s) {
  int i = first;
  stmt.Bind(i++, s.thread_id);
  stmt.Bind(i++, s.customer_id);
  stmt.Bind(i++, s.user_id);
  stmt.Bind(i++, s.group_id);
  stmt.Bind(i++, static_cast<int64_t>(s.state));
  stmt.Bind(i++, absl::StrJoin(s.agent_ids, "\n"));
  stmt.Bind(i++, s.create_time);
  if (s.end_time) {
    stmt.Bind(i++, *s.end_time);
  } else {
    stmt.BindNull(i++);
  }
  stmt.Bind(i++, s.end_reason);
  stmt.Bind(i++, static_cast<int64_t>(s.ended_by));
  stmt.Bind(i++, static_cast<int64_t>(s.stop_requested ? 1 : 0));
  stmt.Bind(i++, s.stop_reason);
  stmt.Bind(i++, s.ended_seq);
  stmt.Bind(i++, s.customer.access_token);
  stmt.Bind(i++, s.customer.token_expires_at);
  stmt.Bind(i++, s.customer.cookie_customer_id);
  stmt.Bind(i++, s.customer.cookie_secret);
  stmt.Bind(i++, static_cast<int64_t>(s.routed ? 1 : 0));
  stmt.Bind(i++, absl::StrJoin(s.opening_event_ids, "\n"));
  stmt.Bind(i++, s.last_transfer_hash);
}

}  // namespace

// A generation counter bumped by every commit that appended entries.
// Shared by every instance open on one file, so a commit through one wakes
// the waiters of all.
class SqliteStore::CommitSignal {
 public:
  // The signal of the database at `path`; a private one for ":memory:" and
  // "" (a temporary database), which no other connection can see.
  static std::shared_ptr<CommitSignal> ForDatabase(const std::string& path) {
    if (path.empty() || path == ":memory:") return std::make_shared<CommitSignal>();
    std::error_code error;
    std::string key = std::filesystem::weakly_canonical(path, error).string();
    if (error) key = path;
    // Leaked on purpose: outlives every store, whatever the order of exit.
    static auto* registry_mu = new absl::Mutex;
    static auto* registry = new std::map<std::string, std::weak_ptr<CommitSignal>>;
    absl::MutexLock lock(registry_mu);
    std::shared_ptr<CommitSignal> signal = (*registry)[key].lock();
    if (signal == nullptr) {
      std::erase_if(*registry, [](const auto& entry) { return entry.second.expired(); });
      signal = std::make_shared<CommitSignal>();
      (*registry)[key] = signal;
    }
    return signal;
  }

  int64_t generation() {
    absl::MutexLock lock(&mu_);
    return generation_;
  }
  void Notify() {
    absl::MutexLock lock(&mu_);
    ++generation_;
    changed_.SignalAll();
  }
  // Waits until the generation moves past `seen`; false at `deadline`.
  bool WaitPast(int64_t seen, absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    while (generation_ == seen) {
      if (changed_.WaitWithDeadline(&mu_, deadline)) return generation_ != seen;
    }
    return true;
  }

 private:
  absl::Mutex mu_;
  absl::CondVar changed_;
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                               Clock& clock) {
  std::string name = absl::StrCat("SQLite store (HITL_DB '", path, "')");
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = StoreUnavailable(
        name, absl::StrCat("cannot open: ", db ? sqlite3_errmsg(db) : "out of memory", Hint(rc)));
    sqlite3_close(db);
    return status;
  }
  // Before the first write, so the -wal and -shm files SQLite creates with
  // the database's mode are private too.
  if (path != ":memory:" && !path.empty()) chmod(path.c_str(), S_IRUSR | S_IWUSR);
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(db, std::move(name), clock, CommitSignal::ForDatabase(path)));
  absl::MutexLock lock(&store->mu_);
  if (absl::Status status = store->Migrate(); !status.ok()) return status;
  return store;
}

SqliteStatement SqliteStore::Prepare(const std::string& sql) {
  return SqliteStatement(db_, name_, sql);
}

SqliteStore::SqliteStore(sqlite3* db, std::string name, Clock& clock,
                         std::shared_ptr<CommitSignal> signal)
    : name_(std::move(name)), clock_(clock), signal_(std::move(signal)), db_(db) {}

SqliteStore::~SqliteStore() { Close(); }

void SqliteStore::Close() {
  {
    absl::MutexLock lock(&mu_);
    if (db_ == nullptr) return;
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
  // Waiters re-read and fail at once instead of waiting out their time.
  signal_->Notify();
}

absl::Status SqliteStore::CheckOpen() {
  if (db_ == nullptr) return StoreUnavailable(name_, "closed (the gateway is shutting down)");
  return absl::OkStatus();
}

absl::Status SqliteStore::Exec(const char* sql) {
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Failure(name_, db_, rc);
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
  // One transaction: a failed upgrade leaves the database as it was, and
  // two processes opening an old file upgrade it once.
  return InTransaction([&]() -> absl::Status {
    auto has_meta =
        Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").Step();
    if (!has_meta.ok()) return has_meta.status();
    int64_t version = 0;  // a new database
    if (*has_meta) {
      auto stored = MetaValue("schema_version");
      if (!stored.ok()) return stored.status();
      version = *stored;
    }
    if (version > kSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat(
          name_, ": written by a newer hitl-gateway (schema ", version, " > ", kSchemaVersion,
          "); run that version or point HITL_DB at another file"));
    }
    if (absl::Status s = Exec(kSchema); !s.ok()) return s;
    if (version == 1) {
      // v1 sessions were stored only once routed.
      for (const char* sql :
           {"ALTER TABLE sessions ADD COLUMN routed INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE sessions ADD COLUMN opening_event_ids TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE sessions ADD COLUMN last_transfer_hash TEXT NOT NULL DEFAULT ''"}) {
        if (absl::Status s = Exec(sql); !s.ok()) return s;
      }
    }
    if (version == 1 || version == 2) {
      if (absl::Status s = MigrateToVersion3(); !s.ok()) return s;
    }
    return Prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")
        .Bind(1, static_cast<int64_t>(kSchemaVersion))
        .Run()
        .status();
  });
}

absl::Status SqliteStore::MigrateToVersion3() {
  if (absl::Status s = Exec("ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1");
      !s.ok()) {
    return s;
  }
  const absl::Time expires = clock_.Now() + kMigratedKeep;
  // StartHitl: the request id's session.
  SqliteStatement starts = Prepare(
      "SELECT start_request_id, session_id FROM sessions WHERE start_request_id IS NOT NULL");
  while (true) {
    auto row = starts.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    absl::Status s = InsertCompletedRecord(StartRequestKey(starts.Text(0)),
                                           EncodeStringList({starts.Text(1)}), expires);
    if (!s.ok()) return s;
  }
  // SendMessage: the event ids of the parts posted, as far as they run on
  // from part 0 without a gap (what a retry saw before).
  SqliteStatement parts = Prepare(
      "SELECT session_id, request_id, part, event_id FROM sent_parts "
      "ORDER BY session_id, request_id, part");
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> sent;
  while (true) {
    auto row = parts.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::vector<std::string>& event_ids = sent[{parts.Text(0), parts.Text(1)}];
    if (parts.Int(2) == static_cast<int64_t>(event_ids.size())) {
      event_ids.push_back(parts.Text(3));
    }
  }
  for (const auto& [message, event_ids] : sent) {
    if (event_ids.empty()) continue;  // part 0 missing: nothing was known posted
    absl::Status s = InsertCompletedRecord(SendRequestKey(message.first, message.second),
                                           EncodeStringList(event_ids), expires);
    if (!s.ok()) return s;
  }
  return Exec("DROP TABLE sent_parts");
}

absl::Status SqliteStore::InsertCompletedRecord(const std::string& key, const std::string& value,
                                                absl::Time expires) {
  return Prepare(
             "INSERT OR REPLACE INTO idempotency (key, owner, expires_us, completed, value) "
             "VALUES (?, '', ?, 1, ?)")
      .Bind(1, key)
      .Bind(2, expires)
      .BindBlob(3, value)
      .Run()
      .status();
}

absl::StatusOr<int64_t> SqliteStore::MetaValue(const char* key) {
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  SqliteStatement stmt = Prepare("SELECT value FROM meta WHERE key = ?");
  stmt.Bind(1, key);
  auto row = stmt.Step();
  if (!row.ok()) return row.status();
  return *row ? stmt.Int(0) : 0;
}

// ---- sessions

absl::StatusOr<SessionRecord> SqliteStore::CreateSession(const SessionRecord& session) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  SqliteStatement stmt = Prepare(absl::StrCat("INSERT INTO sessions (", SessionColumns(),
                                              ") VALUES (?, ?, ", Marks(kDataColumnCount), ", 1)"));
  stmt.Bind(1, session.session_id).Bind(2, session.chat_id);
  BindData(stmt, 3, session);
  auto inserted = stmt.Run();
  if (absl::IsAlreadyExists(inserted.status())) {
    // The message names the column ("UNIQUE constraint failed: sessions.chat_id").
    if (absl::StrContains(inserted.status().message(), "chat_id")) {
      return absl::AlreadyExistsError(
          absl::StrCat("chat '", session.chat_id, "' already has a session"));
    }
    return absl::AlreadyExistsError(
        absl::StrCat("session '", session.session_id, "' already exists"));
  }
  if (!inserted.ok()) return inserted.status();
  SessionRecord stored = session;
  stored.version = 1;
  return stored;
}

absl::StatusOr<std::optional<SessionRecord>> SqliteStore::SelectSession(const char* column,
                                                                        absl::string_view key) {
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  SqliteStatement stmt = Prepare(
      absl::StrCat("SELECT ", SessionColumns(), " FROM sessions WHERE ", column, " = ?"));
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
  if (!session->has_value()) return SessionNotFound(session_id);
  return **session;
}

absl::StatusOr<std::optional<SessionRecord>> SqliteStore::FindSessionByChat(
    absl::string_view chat_id) {
  absl::MutexLock lock(&mu_);
  return SelectSession("chat_id", chat_id);
}

absl::StatusOr<SessionRecord> SqliteStore::WriteSession(const SessionRecord& session) {
  SqliteStatement stmt = Prepare(absl::StrCat(
      "UPDATE sessions SET (", kDataColumns, ") = (", Marks(kDataColumnCount),
      "), version = version + 1 WHERE session_id = ? AND version = ? AND chat_id = ?"));
  BindData(stmt, 1, session);
  stmt.Bind(kDataColumnCount + 1, session.session_id)
      .Bind(kDataColumnCount + 2, session.version)
      .Bind(kDataColumnCount + 3, session.chat_id);
  auto changed = stmt.Run();
  if (!changed.ok()) return changed.status();
  if (*changed == 1) {
    SessionRecord stored = session;
    stored.version = session.version + 1;
    return stored;
  }
  absl::Status why = CheckVersion(session);
  if (why.ok()) return absl::InternalError("session update matched no row");
  return why;
}

absl::Status SqliteStore::CheckVersion(const SessionRecord& session) {
  SqliteStatement current = Prepare("SELECT version, chat_id FROM sessions WHERE session_id = ?");
  auto found = current.Bind(1, session.session_id).Step();
  if (!found.ok()) return found.status();
  if (!*found) return SessionNotFound(session.session_id);
  if (current.Int(0) != session.version) {
    return StoreConflict(absl::StrCat("session '", session.session_id, "'"));
  }
  if (current.Text(1) != session.chat_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "session '", session.session_id, "': the chat id of a session never changes"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SessionRecord> SqliteStore::UpdateSession(const SessionRecord& session) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<SessionRecord> stored;
  absl::Status status = InTransaction([&]() -> absl::Status {
    stored = WriteSession(session);
    return stored.status();
  });
  if (!status.ok()) return status;
  return stored;
}

absl::Status SqliteStore::DeleteSession(absl::string_view session_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return InTransaction([&]() -> absl::Status {
    for (const char* sql : {"DELETE FROM journal WHERE session_id = ?",
                            "DELETE FROM sessions WHERE session_id = ?"}) {
      if (auto s = Prepare(sql).Bind(1, session_id).Run(); !s.ok()) return s.status();
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<SessionRecord>> SqliteStore::ListOpenSessions(
    absl::string_view after_session_id, int limit) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  SqliteStatement stmt = Prepare(absl::StrCat("SELECT ", SessionColumns(),
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

// ---- journal

absl::StatusOr<bool> SqliteStore::FirstSighting(const std::string& key, absl::Time received_at) {
  auto changed = Prepare("INSERT OR IGNORE INTO deliveries (dedup_key, seen_us) VALUES (?, ?)")
                     .Bind(1, key)
                     .Bind(2, received_at)
                     .Run();
  if (!changed.ok()) return changed.status();
  return *changed != 0;
}

absl::StatusOr<CommitResult> SqliteStore::Commit(const JournalCommit& commit) {
  if (absl::Status s = CheckCommit(commit); !s.ok()) return s;
  CommitResult result;
  {
    absl::MutexLock lock(&mu_);
    if (absl::Status open = CheckOpen(); !open.ok()) return open;
    absl::Status status = InTransaction([&]() -> absl::Status {
      if (!commit.dedup_key.empty()) {
        auto first = FirstSighting(commit.dedup_key, commit.received_at);
        if (!first.ok()) return first.status();
        if (!*first) {
          result.duplicate = true;
          return absl::OkStatus();
        }
      }
      int64_t ended_seq = 0;
      for (size_t i = 0; i < commit.entries.size(); ++i) {
        const JournalEntry& entry = commit.entries[i];
        if (!entry.dedup_key.empty()) {
          auto first = FirstSighting(entry.dedup_key, commit.received_at);
          if (!first.ok()) return first.status();
          if (!*first) continue;  // journaled before
        }
        auto inserted =
            Prepare("INSERT INTO journal (session_id, recorded_us, payload) VALUES (?, ?, ?)")
                .Bind(1, entry.session_id)
                .Bind(2, entry.recorded_at)
                .BindBlob(3, entry.payload)
                .Run();
        if (!inserted.ok()) return inserted.status();
        JournalEntry& appended = result.appended.emplace_back(entry);
        appended.seq = sqlite3_last_insert_rowid(db_);
        appended.dedup_key.clear();
        if (static_cast<int>(i) == commit.ended_entry) ended_seq = appended.seq;
      }
      if (commit.session_unchanged) {
        if (absl::Status s = CheckVersion(*commit.session); !s.ok()) return s;
        result.session = *commit.session;
      } else if (commit.session) {
        SessionRecord session = *commit.session;
        if (ended_seq > 0) session.ended_seq = ended_seq;
        auto stored = WriteSession(session);
        if (!stored.ok()) return stored.status();
        result.session = *std::move(stored);
      }
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
  }
  if (!result.appended.empty()) signal_->Notify();
  return result;
}

absl::StatusOr<std::vector<JournalEntry>> SqliteStore::ReadJournal(
    int64_t after_seq, const std::vector<std::string>& session_ids, int limit) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  std::string sql = "SELECT seq, session_id, recorded_us, payload FROM journal WHERE seq > ?";
  if (!session_ids.empty()) {
    absl::StrAppend(&sql, " AND session_id IN (", Marks(static_cast<int>(session_ids.size())),
                    ")");
  }
  absl::StrAppend(&sql, " ORDER BY seq LIMIT ?");
  SqliteStatement stmt = Prepare(sql);
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
                                   .recorded_at = stmt.Time(2),
                                   .payload = stmt.Blob(3)});
  }
  return entries;
}

absl::StatusOr<std::vector<JournalEntry>> SqliteStore::WaitForEntries(int64_t after_seq,
                                                                      int limit,
                                                                      absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  while (true) {
    // Read the generation first: a commit landing between the read and the
    // wait then ends the wait at once instead of being missed.
    int64_t seen = signal_->generation();
    auto entries = ReadJournal(after_seq, {}, limit);
    if (!entries.ok() || !entries->empty()) return entries;
    if (!signal_->WaitPast(seen, deadline)) return entries;
  }
}

absl::StatusOr<int64_t> SqliteStore::LastSeq() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  // sqlite_sequence keeps the AUTOINCREMENT high-water mark even after the
  // newest rows were deleted.
  SqliteStatement stmt = Prepare("SELECT seq FROM sqlite_sequence WHERE name = 'journal'");
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
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  int64_t deleted = 0;
  absl::Status status = InTransaction([&]() -> absl::Status {
    // Delete a prefix (by seq) so "everything up to pruned_through is gone"
    // stays exact even if the clock stepped back.
    SqliteStatement last = Prepare("SELECT MAX(seq) FROM journal WHERE recorded_us < ?");
    auto row = last.Bind(1, cutoff).Step();
    if (!row.ok()) return row.status();
    if (*row && !last.IsNull(0)) {
      int64_t through = last.Int(0);
      auto gone = Prepare("DELETE FROM journal WHERE seq <= ?").Bind(1, through).Run();
      if (!gone.ok()) return gone.status();
      deleted = *gone;
      auto marked = Prepare(
                        "INSERT INTO meta (key, value) VALUES ('pruned_through', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value)")
                        .Bind(1, through)
                        .Run();
      if (!marked.ok()) return marked.status();
    }
    return Prepare("DELETE FROM deliveries WHERE seen_us < ?").Bind(1, cutoff).Run().status();
  });
  if (!status.ok()) return status;
  return deleted;
}

// ---- idempotency

absl::StatusOr<Reservation> SqliteStore::Reserve(absl::string_view key, absl::string_view owner,
                                                 absl::Duration ttl) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const absl::Time now = clock_.Now();
  Reservation reservation;
  absl::Status status = InTransaction([&]() -> absl::Status {
    SqliteStatement record =
        Prepare("SELECT owner, expires_us, completed, value FROM idempotency WHERE key = ?");
    auto found = record.Bind(1, key).Step();
    if (!found.ok()) return found.status();
    std::string progress;
    if (*found) {
      const absl::Time expires = record.Time(1);
      const bool live = expires > now;
      if (record.Int(2) != 0 && live) {
        reservation = {.state = Reservation::State::kCompleted, .value = record.Blob(3)};
        return absl::OkStatus();
      }
      if (record.Int(2) == 0 && live && record.Text(0) != owner) {
        reservation = {
            .state = Reservation::State::kHeld, .value = {}, .held_for = expires - now};
        return absl::OkStatus();
      }
      // Ours (renewed), or expired: an outcome is forgotten, progress is
      // taken over.
      if (record.Int(2) == 0) progress = record.Blob(3);
    }
    reservation = {.state = progress.empty() ? Reservation::State::kAcquired
                                             : Reservation::State::kTakenOver,
                   .value = progress};
    return Prepare(
               "INSERT OR REPLACE INTO idempotency (key, owner, expires_us, completed, value) "
               "VALUES (?, ?, ?, 0, ?)")
        .Bind(1, key)
        .Bind(2, owner)
        .Bind(3, now + ttl)
        .BindBlob(4, progress)
        .Run()
        .status();
  });
  if (!status.ok()) return status;
  return reservation;
}

absl::Status SqliteStore::SaveProgress(absl::string_view key, absl::string_view owner,
                                       absl::string_view value, absl::Duration ttl) {
  return UpdateHeldRecord(
      "UPDATE idempotency SET value = ?, expires_us = ? "
      "WHERE key = ? AND owner = ? AND completed = 0",
      key, owner, value, ttl);
}

absl::Status SqliteStore::Complete(absl::string_view key, absl::string_view owner,
                                   absl::string_view value, absl::Duration keep) {
  // A repeated Complete by the same owner succeeds; the outcome is final.
  return UpdateHeldRecord(
      "UPDATE idempotency SET value = CASE completed WHEN 1 THEN value ELSE ?1 END, "
      "expires_us = CASE completed WHEN 1 THEN expires_us ELSE ?2 END, completed = 1 "
      "WHERE key = ?3 AND owner = ?4",
      key, owner, value, keep);
}

absl::Status SqliteStore::UpdateHeldRecord(const char* sql, absl::string_view key,
                                           absl::string_view owner, absl::string_view value,
                                           absl::Duration ttl) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  auto changed =
      Prepare(sql).BindBlob(1, value).Bind(2, clock_.Now() + ttl).Bind(3, key).Bind(4, owner).Run();
  if (!changed.ok()) return changed.status();
  if (*changed == 0) {
    return StoreConflict(absl::StrCat("the reservation of idempotency key '", key, "'"));
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::Release(absl::string_view key, absl::string_view owner) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return Prepare("DELETE FROM idempotency WHERE key = ? AND owner = ? AND completed = 0")
      .Bind(1, key)
      .Bind(2, owner)
      .Run()
      .status();
}

// ---- leases

absl::StatusOr<bool> SqliteStore::AcquireLease(absl::string_view name, absl::string_view owner,
                                               absl::Duration ttl) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const absl::Time now = clock_.Now();
  auto changed = Prepare(
                     "INSERT INTO leases (name, owner, expires_us) VALUES (?, ?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, "
                     "expires_us = excluded.expires_us "
                     "WHERE leases.owner = excluded.owner OR leases.expires_us <= ?")
                     .Bind(1, name)
                     .Bind(2, owner)
                     .Bind(3, now + ttl)
                     .Bind(4, now)
                     .Run();
  if (!changed.ok()) return changed.status();
  return *changed != 0;
}

absl::Status SqliteStore::ReleaseLease(absl::string_view name, absl::string_view owner) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return Prepare("DELETE FROM leases WHERE name = ? AND owner = ?")
      .Bind(1, name)
      .Bind(2, owner)
      .Run()
      .status();
}

// ---- store

absl::Status SqliteStore::Ping() {
  absl::MutexLock lock(&mu_);
  return Exec("SELECT 1 FROM meta LIMIT 1");
}

absl::Status SqliteStore::ForgetExpired() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const absl::Time now = clock_.Now();
  return InTransaction([&]() -> absl::Status {
    auto records = Prepare(
                       "DELETE FROM idempotency WHERE expires_us <= ? AND "
                       "(completed = 1 OR length(value) = 0 OR expires_us <= ?)")
                       .Bind(1, now)
                       .Bind(2, now - kProgressKeep)
                       .Run();
    if (!records.ok()) return records.status();
    return Prepare("DELETE FROM leases WHERE expires_us <= ?").Bind(1, now).Run().status();
  });
}

}  // namespace hitl::store

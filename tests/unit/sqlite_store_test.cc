// What only the SQLite store does: its file, its open errors, its schema
// upgrades and its clock. Everything every backend does is in the store
// contract suite (tests/store/).
#include "server/store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/store/idempotency_keys.h"
#include "tests/support/fake_clock.h"
#include "tests/support/test_files.h"

namespace hitl::store {
namespace {

using State = Reservation::State;

// Schema 2 as the previous release created it (schema 1 lacked the
// sessions' routed, opening_event_ids and last_transfer_hash).
constexpr const char* kSchema2 = R"sql(
CREATE TABLE sessions (
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
CREATE TABLE sent_parts (
  session_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  part INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (session_id, request_id, part)
);
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  recorded_us INTEGER NOT NULL,
  payload BLOB NOT NULL
);
CREATE INDEX journal_by_session ON journal (session_id, seq);
CREATE TABLE deliveries (
  dedup_key TEXT PRIMARY KEY,
  seen_us INTEGER NOT NULL
);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('schema_version', 2);
)sql";

// What a deployment of schema 2 had: two sessions (one started with a
// request id), the parts of three SendMessage calls, a journal and a key.
constexpr const char* kSchema2Data = R"sql(
INSERT INTO sessions (session_id, chat_id, thread_id, customer_id, user_id, group_id, state,
  agent_ids, create_time_us, end_reason, ended_by, routed, stop_requested, stop_reason,
  ended_seq, start_request_id, customer_token, customer_token_expiry_us, customer_cookie_id,
  customer_cookie_secret)
VALUES ('s1', 'chat-1', 't1', 'c1', 'u1', 7, 2, 'agent@example.com', 0, '', 0, 1, 0, '', 0,
        'req-1', 'token', 0, 'cid', 'cst'),
       ('s2', 'chat-2', 't2', 'c2', 'u2', 7, 1, '', 0, '', 0, 0, 0, '', 0, NULL, '', 0, '', '');
-- m1: parts 0 and 1 (1 begun, unconfirmed), then a gap; m2: no part 0.
INSERT INTO sent_parts (session_id, request_id, part, event_id)
VALUES ('s1', 'm1', 0, 'E0'), ('s1', 'm1', 1, ''), ('s1', 'm1', 3, 'E3'),
       ('s1', 'm2', 1, 'E1'), ('s2', 'm1', 0, 'F0');
INSERT INTO journal (session_id, recorded_us, payload) VALUES ('s1', 0, 'a'), ('s1', 0, 'b');
INSERT INTO deliveries (dedup_key, seen_us) VALUES ('delivery-1', 0);
)sql";

void ExecRaw(const std::string& path, const std::vector<std::string>& statements) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const std::string& sql : statements) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }
  sqlite3_close(db);
}

int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// Schema 1 is schema 2 without three columns of `sessions`.
void DowngradeToSchema1(const std::string& path) {
  ExecRaw(path, {"ALTER TABLE sessions DROP COLUMN routed",
                 "ALTER TABLE sessions DROP COLUMN opening_event_ids",
                 "ALTER TABLE sessions DROP COLUMN last_transfer_hash",
                 "UPDATE meta SET value = 1 WHERE key = 'schema_version'"});
}

std::unique_ptr<SqliteStore> OpenOk(const std::string& path, Clock& clock) {
  auto store = SqliteStore::Open(path, clock);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

Reservation ReserveOk(Store& store, const std::string& key) {
  auto reservation = store.Reserve(key, "after-upgrade", absl::Minutes(1));
  EXPECT_TRUE(reservation.ok()) << reservation.status();
  return reservation.value_or(Reservation{});
}

// Checks the kSchema2Data deployment after the upgrade to schema 3.
void ExpectUpgradedSchema2Data(SqliteStore& store, const std::string& path) {
  EXPECT_EQ(QueryInt(path, "SELECT value FROM meta WHERE key = 'schema_version'"), 3);
  EXPECT_EQ(QueryInt(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sent_parts'"), 0);

  auto s1 = store.GetSession("s1");
  ASSERT_TRUE(s1.ok()) << s1.status();
  EXPECT_EQ(s1->version, 1);
  EXPECT_EQ(s1->agent_ids, std::vector<std::string>{"agent@example.com"});
  EXPECT_EQ(s1->customer.access_token, "token");

  Reservation start = ReserveOk(store, StartRequestKey("req-1"));
  EXPECT_EQ(start.state, State::kCompleted);
  EXPECT_EQ(start.value, EncodeStringList({"s1"}));
  Reservation sent = ReserveOk(store, SendRequestKey("s1", "m1"));
  EXPECT_EQ(sent.state, State::kCompleted);
  EXPECT_EQ(sent.value, EncodeStringList({"E0", ""}));  // up to the gap
  EXPECT_EQ(ReserveOk(store, SendRequestKey("s1", "m2")).state, State::kAcquired);
  Reservation other = ReserveOk(store, SendRequestKey("s2", "m1"));
  EXPECT_EQ(other.state, State::kCompleted);
  EXPECT_EQ(other.value, EncodeStringList({"F0"}));

  // The journal, its seqs and the delivery keys are as they were.
  auto journal = store.ReadJournal(0, {}, 10);
  ASSERT_TRUE(journal.ok()) << journal.status();
  ASSERT_EQ(journal->size(), 2u);
  EXPECT_EQ((*journal)[1].seq, 2);
  JournalCommit redelivered;
  redelivered.dedup_key = "delivery-1";
  EXPECT_TRUE(store.Commit(redelivered).value_or(CommitResult{}).duplicate);

  // Sessions are versioned now, and new ones need no start request id.
  auto updated = store.UpdateSession(*s1);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version, 2);
  SessionRecord fresh;
  fresh.session_id = "s3";
  fresh.chat_id = "chat-3";
  EXPECT_TRUE(store.CreateSession(fresh).ok());
  fresh.session_id = "s4";
  fresh.chat_id = "chat-4";
  EXPECT_TRUE(store.CreateSession(fresh).ok());
}

TEST(SqliteStore, KeepsTheDatabaseAndItsWalReadableByItsOwnerOnly) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/hitl.db";
  auto store = OpenOk(path, RealClock::Instance());
  ASSERT_NE(store, nullptr);
  SessionRecord s;
  s.session_id = "s1";
  s.chat_id = "chat-1";
  ASSERT_TRUE(store->CreateSession(s).ok());
  for (const std::string& file : {path, path + "-wal"}) {
    struct stat info;
    ASSERT_EQ(stat(file.c_str(), &info), 0) << file;
    EXPECT_EQ(info.st_mode & 0777, 0600) << file << " holds customer tokens";
  }
}

TEST(SqliteStore, OpenOnAnUnwritablePathFailsNamingHitlDb) {
  testing::TempDir dir;
  // A path below a regular file cannot be created, whoever runs the test.
  const std::string file = dir.path() + "/plain-file";
  std::ofstream(file) << "not a directory";
  auto opened = SqliteStore::Open(file + "/hitl.db", RealClock::Instance());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "HITL_DB")) << opened.status();
  EXPECT_TRUE(absl::StrContains(opened.status().message(), file)) << opened.status();
}

TEST(SqliteStore, OpenOnADirectoryFailsNamingHitlDb) {
  testing::TempDir dir;
  auto opened = SqliteStore::Open(dir.path(), RealClock::Instance());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "HITL_DB")) << opened.status();
}

TEST(SqliteStore, OpenOnAFileThatIsNotADatabaseFailsNamingHitlDb) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/garbage.db";
  std::ofstream(path) << std::string(4096, 'x');
  auto opened = SqliteStore::Open(path, RealClock::Instance());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "HITL_DB")) << opened.status();
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "not a database")) << opened.status();
}

TEST(SqliteStore, RefusesADatabaseWrittenByANewerSchemaNamingHitlDb) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/hitl.db";
  ASSERT_NE(OpenOk(path, RealClock::Instance()), nullptr);
  ExecRaw(path, {"UPDATE meta SET value = 999 WHERE key = 'schema_version'"});

  auto reopened = SqliteStore::Open(path, RealClock::Instance());
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), "HITL_DB")) << reopened.status();
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), "newer")) << reopened.status();
  EXPECT_EQ(QueryInt(path, "SELECT value FROM meta WHERE key = 'schema_version'"), 999);
}

TEST(SqliteStore, UpgradesASchemaTwoDatabaseKeepingStartAndSendRequestsAsCompletedRecords) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/v2.db";
  ExecRaw(path, {kSchema2, kSchema2Data});
  auto store = OpenOk(path, RealClock::Instance());
  ASSERT_NE(store, nullptr);
  ExpectUpgradedSchema2Data(*store, path);
  EXPECT_TRUE(store->GetSession("s1")->routed);
  EXPECT_FALSE(store->GetSession("s2")->routed);
}

TEST(SqliteStore, UpgradesASchemaOneDatabaseThroughSchemaTwo) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/v1.db";
  ExecRaw(path, {kSchema2, kSchema2Data});
  DowngradeToSchema1(path);
  auto store = OpenOk(path, RealClock::Instance());
  ASSERT_NE(store, nullptr);
  ExpectUpgradedSchema2Data(*store, path);
  // Schema 1 stored sessions only once routed.
  EXPECT_TRUE(store->GetSession("s2")->routed);
  EXPECT_TRUE(store->GetSession("s2")->opening_event_ids.empty());
}

TEST(SqliteStore, MigratedRequestsAreRememberedForAWeek) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/v2.db";
  ExecRaw(path, {kSchema2, kSchema2Data});
  testing::FakeClock clock;
  auto store = OpenOk(path, clock);
  ASSERT_NE(store, nullptr);
  clock.Advance(absl::Hours(6 * 24));
  ASSERT_TRUE(store->ForgetExpired().ok());
  EXPECT_EQ(ReserveOk(*store, StartRequestKey("req-1")).state, State::kCompleted);
  clock.Advance(absl::Hours(2 * 24));
  ASSERT_TRUE(store->ForgetExpired().ok());
  EXPECT_EQ(ReserveOk(*store, StartRequestKey("req-1")).state, State::kAcquired);
  EXPECT_EQ(QueryInt(path, "SELECT COUNT(*) FROM idempotency"), 1);  // only the new one
}

TEST(SqliteStore, ReservationsAndLeasesExpireByTheClockItWasOpenedWith) {
  testing::FakeClock clock;
  auto store = OpenOk(":memory:", clock);
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(store->Reserve("k", "attempt-1", absl::Minutes(1))->state, State::kAcquired);
  ASSERT_TRUE(store->SaveProgress("k", "attempt-1", "p", absl::Minutes(1)).ok());
  ASSERT_TRUE(*store->AcquireLease("retention", "replica-1", absl::Minutes(1)));

  clock.Advance(absl::Seconds(59));
  Reservation held = *store->Reserve("k", "attempt-2", absl::Minutes(1));
  EXPECT_EQ(held.state, State::kHeld);
  EXPECT_EQ(held.held_for, absl::Seconds(1));
  EXPECT_FALSE(*store->AcquireLease("retention", "replica-2", absl::Minutes(1)));

  clock.Advance(absl::Seconds(1));
  Reservation taken = *store->Reserve("k", "attempt-2", absl::Minutes(1));
  EXPECT_EQ(taken.state, State::kTakenOver);
  EXPECT_EQ(taken.value, "p");
  EXPECT_TRUE(*store->AcquireLease("retention", "replica-2", absl::Minutes(1)));
}

TEST(SqliteStore, ForgetExpiredDropsTheProgressOfADeadAttemptADayAfterItExpired) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/hitl.db";
  testing::FakeClock clock;
  auto store = OpenOk(path, clock);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Reserve("dead", "attempt-1", absl::Minutes(1)).ok());
  ASSERT_TRUE(store->SaveProgress("dead", "attempt-1", "p", absl::Minutes(1)).ok());
  ASSERT_TRUE(store->Reserve("empty", "attempt-1", absl::Minutes(1)).ok());
  const std::string count = "SELECT COUNT(*) FROM idempotency WHERE key = ";

  clock.Advance(absl::Minutes(1) + absl::Hours(23));
  ASSERT_TRUE(store->ForgetExpired().ok());
  EXPECT_EQ(QueryInt(path, count + "'dead'"), 1) << "kept for the next attempt to take over";
  EXPECT_EQ(QueryInt(path, count + "'empty'"), 0) << "nothing to take over";

  clock.Advance(absl::Hours(2));
  ASSERT_TRUE(store->ForgetExpired().ok());
  EXPECT_EQ(QueryInt(path, count + "'dead'"), 0);
}

TEST(SqliteStore, InMemoryDatabasesArePrivateToTheirInstance) {
  auto first = OpenOk(":memory:", RealClock::Instance());
  auto second = OpenOk(":memory:", RealClock::Instance());
  ASSERT_TRUE(first != nullptr && second != nullptr);
  SessionRecord s;
  s.session_id = "s1";
  s.chat_id = "chat-1";
  ASSERT_TRUE(first->CreateSession(s).ok());
  EXPECT_EQ(second->GetSession("s1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(second->CreateSession(s).ok());
}

}  // namespace
}  // namespace hitl::store

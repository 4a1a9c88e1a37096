// The store contract (store_contract_test.h): every test runs on every
// backend, through the Store interface only.
#include "tests/store/store_contract_test.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/store/session_updates.h"
#include "server/store/store_errors.h"
#include "tests/support/eventually.h"

namespace hitl::testing {
namespace {

using store::CommitResult;
using store::EndedBy;
using store::JournalCommit;
using store::JournalEntry;
using store::Reservation;
using store::SessionRecord;
using store::SessionState;
using State = store::Reservation::State;

const absl::Time kT0 = absl::FromUnixSeconds(1750000000);
// Long enough never to run out during a test.
constexpr absl::Duration kLongTtl = absl::Minutes(10);
// Short enough to wait out; tests poll for its end.
constexpr absl::Duration kShortTtl = absl::Milliseconds(300);
constexpr absl::Duration kExpiryDeadline = absl::Seconds(10);

// The value of `result`, failing the test (and returning T{}) if it is an error.
template <typename T>
T ValueOf(absl::StatusOr<T> result) {
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : T{};
}

SessionRecord MakeSession(const std::string& id, const std::string& chat) {
  SessionRecord s;
  s.session_id = id;
  s.chat_id = chat;
  s.thread_id = "thread-" + id;
  s.customer_id = "customer-" + id;
  s.user_id = "user-" + id;
  s.group_id = 7;
  s.create_time = kT0;
  s.customer.access_token = "token-" + id;
  s.customer.token_expires_at = kT0 + absl::Hours(1);
  s.customer.cookie_customer_id = "cid-" + id;
  s.customer.cookie_secret = "cst-" + id;
  return s;
}

JournalEntry Entry(const std::string& session_id, const std::string& payload,
                   absl::Time recorded_at = kT0) {
  return JournalEntry{.session_id = session_id, .recorded_at = recorded_at, .payload = payload};
}

// An entry skipped if `dedup_key` was committed before.
JournalEntry KeyedEntry(const std::string& session_id, const std::string& payload,
                        const std::string& dedup_key) {
  JournalEntry entry = Entry(session_id, payload);
  entry.dedup_key = dedup_key;
  return entry;
}

// A commit of `entries` with no session change and no de-duplication.
JournalCommit EntriesOnly(std::vector<JournalEntry> entries) {
  JournalCommit commit;
  commit.entries = std::move(entries);
  return commit;
}

std::vector<int64_t> Seqs(const std::vector<JournalEntry>& entries) {
  std::vector<int64_t> out;
  for (const auto& e : entries) out.push_back(e.seq);
  return out;
}

std::vector<std::string> Payloads(const std::vector<JournalEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.payload);
  return out;
}

std::vector<std::string> Ids(const std::vector<SessionRecord>& sessions) {
  std::vector<std::string> out;
  for (const auto& s : sessions) out.push_back(s.session_id);
  return out;
}

std::vector<JournalEntry> ReadAll(store::Store& store) {
  return ValueOf(store.ReadJournal(0, {}, 1000000));
}

void ExpectConflict(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << status;
  EXPECT_EQ(ErrorReason(status), reason::kStoreConflict) << status;
}

void ExpectUnavailable(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(ErrorReason(status), reason::kStoreFailure) << status;
}

// Reserves `key` for `owner` as soon as the state it is in now (`ending`:
// a reservation held by another, or an outcome) runs out, polling; the
// reservation that ended the wait.
Reservation ReserveOnceExpired(store::Store& store, const std::string& key,
                               const std::string& owner, State ending = State::kHeld) {
  Reservation got;
  EXPECT_TRUE(Eventually(
      [&] {
        got = ValueOf(store.Reserve(key, owner, kLongTtl));
        return got.state != ending;
      },
      kExpiryDeadline))
      << key << " never expired";
  return got;
}

// ---- sessions

TEST_P(StoreContractTest, CreatedSessionReadsBackWithEveryFieldAtVersionOne) {
  SessionRecord s = MakeSession("s1", "chat-1");
  s.state = SessionState::kActive;
  s.agent_ids = {"agent-a@example.com", "agent-b@example.com"};
  s.create_time = kT0 + absl::Microseconds(123456);
  s.end_time = kT0 + absl::Minutes(5);
  s.end_reason = "done";
  s.ended_by = EndedBy::kAgent;
  s.routed = true;
  s.opening_event_ids = {"T_1", "T_2"};
  s.last_transfer_hash = "hash";
  s.stop_requested = true;
  s.stop_reason = "bot asked";
  s.ended_seq = 42;
  s.version = 17;  // ignored: the store assigns it
  SessionRecord created = ValueOf(store_->CreateSession(s));
  EXPECT_EQ(created.version, 1);

  for (const SessionRecord& got : {ValueOf(store_->GetSession("s1")),
                                   ValueOf(store_->FindSessionByChat("chat-1")).value_or(
                                       SessionRecord{})}) {
    EXPECT_EQ(got.session_id, "s1");
    EXPECT_EQ(got.chat_id, "chat-1");
    EXPECT_EQ(got.thread_id, "thread-s1");
    EXPECT_EQ(got.customer_id, "customer-s1");
    EXPECT_EQ(got.user_id, "user-s1");
    EXPECT_EQ(got.group_id, 7);
    EXPECT_EQ(got.state, SessionState::kActive);
    EXPECT_EQ(got.agent_ids, s.agent_ids);
    EXPECT_EQ(got.create_time, s.create_time);
    EXPECT_EQ(got.end_time, s.end_time);
    EXPECT_EQ(got.end_reason, "done");
    EXPECT_EQ(got.ended_by, EndedBy::kAgent);
    EXPECT_TRUE(got.routed);
    EXPECT_EQ(got.opening_event_ids, s.opening_event_ids);
    EXPECT_EQ(got.last_transfer_hash, "hash");
    EXPECT_TRUE(got.stop_requested);
    EXPECT_EQ(got.stop_reason, "bot asked");
    EXPECT_EQ(got.ended_seq, 42);
    EXPECT_EQ(got.customer.access_token, "token-s1");
    EXPECT_EQ(got.customer.token_expires_at, kT0 + absl::Hours(1));
    EXPECT_EQ(got.customer.cookie_customer_id, "cid-s1");
    EXPECT_EQ(got.customer.cookie_secret, "cst-s1");
    EXPECT_EQ(got.version, 1);
  }
}

TEST_P(StoreContractTest, NewSessionKeepsNoEndNoAgentsAndAnInfinitePastTokenExpiry) {
  SessionRecord s = MakeSession("s1", "chat-1");
  s.customer = store::CustomerSecrets{};  // no token yet
  ASSERT_TRUE(store_->CreateSession(s).ok());
  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_FALSE(got.end_time.has_value());
  EXPECT_TRUE(got.agent_ids.empty());
  EXPECT_TRUE(got.opening_event_ids.empty());
  EXPECT_FALSE(got.routed);
  EXPECT_EQ(got.ended_seq, 0);
  EXPECT_EQ(got.state, SessionState::kWaiting);
  EXPECT_EQ(got.customer.token_expires_at, absl::InfinitePast());
  EXPECT_EQ(got.customer.access_token, "");
}

TEST_P(StoreContractTest, RefusesASecondSessionWithTheSameSessionIdOrChatId) {
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  EXPECT_EQ(store_->CreateSession(MakeSession("s2", "chat-1")).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateSession(MakeSession("s1", "chat-9")).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetSession("s2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(ValueOf(store_->FindSessionByChat("chat-9")).has_value());
  EXPECT_EQ(ValueOf(store_->GetSession("s1")).chat_id, "chat-1");
}

TEST_P(StoreContractTest, UnknownSessionIsNotFoundWithReasonSessionNotFound) {
  auto got = store_->GetSession("nope");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(got.status()), reason::kSessionNotFound);
  EXPECT_TRUE(absl::StrContains(got.status().message(), "nope")) << got.status();
  EXPECT_FALSE(ValueOf(store_->FindSessionByChat("chat-unknown")).has_value());
}

TEST_P(StoreContractTest, UpdateSessionAtTheReadVersionWritesItAndIncrementsTheVersion) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  s.state = SessionState::kActive;
  s.agent_ids = {"agent@example.com"};
  SessionRecord updated = ValueOf(store_->UpdateSession(s));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.state, SessionState::kActive);
  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, SessionState::kActive);
  EXPECT_EQ(got.agent_ids, s.agent_ids);
  updated.routed = true;
  EXPECT_EQ(ValueOf(store_->UpdateSession(updated)).version, 3);
}

TEST_P(StoreContractTest, UpdateSessionAtAStaleVersionIsAbortedAndWritesNothing) {
  SessionRecord read = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  SessionRecord first = read;
  first.stop_requested = true;
  ASSERT_TRUE(store_->UpdateSession(first).ok());

  SessionRecord stale = read;  // still at version 1
  stale.state = SessionState::kEnded;
  ExpectConflict(store_->UpdateSession(stale).status());

  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.version, 2);
  EXPECT_TRUE(got.stop_requested);
  EXPECT_EQ(got.state, SessionState::kWaiting);
}

TEST_P(StoreContractTest, UpdateSessionOfAMissingSessionIsNotFound) {
  SessionRecord ghost = MakeSession("ghost", "chat-ghost");
  ghost.version = 1;
  auto updated = store_->UpdateSession(ghost);
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(updated.status()), reason::kSessionNotFound);
  EXPECT_FALSE(ValueOf(store_->FindSessionByChat("chat-ghost")).has_value());
}

TEST_P(StoreContractTest, UpdateSessionRefusesToChangeTheChatIdAndWritesNothing) {
  ASSERT_TRUE(store_->CreateSession(MakeSession("s2", "chat-2")).ok());
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  s.chat_id = "chat-2";  // another session's chat
  s.routed = true;
  EXPECT_EQ(store_->UpdateSession(s).status().code(), absl::StatusCode::kInvalidArgument);
  JournalCommit commit = EntriesOnly({Entry("s1", "x")});
  commit.session = s;
  EXPECT_EQ(store_->Commit(commit).status().code(), absl::StatusCode::kInvalidArgument);

  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.chat_id, "chat-1");
  EXPECT_FALSE(got.routed);
  EXPECT_EQ(got.version, 1);
  EXPECT_TRUE(ReadAll(*store_).empty());
  EXPECT_EQ(ValueOf(store_->FindSessionByChat("chat-2")).value_or(SessionRecord{}).session_id,
            "s2");
}

TEST_P(StoreContractTest, AChatFoundBeforeAnotherReplicaDeletedItsSessionIsNotFoundAfter) {
  std::unique_ptr<store::Store> replica = OpenAnother();
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  ASSERT_TRUE(ValueOf(store_->FindSessionByChat("chat-1")).has_value());  // may be remembered
  ASSERT_TRUE(replica->DeleteSession("s1").ok());  // retention, on the other replica
  EXPECT_FALSE(ValueOf(store_->FindSessionByChat("chat-1")).has_value());
  ASSERT_TRUE(replica->CreateSession(MakeSession("s2", "chat-1")).ok());
  EXPECT_EQ(ValueOf(store_->FindSessionByChat("chat-1")).value_or(SessionRecord{}).session_id,
            "s2");
}

TEST_P(StoreContractTest, ARecordToWriteIsTheChatsSessionAtThisOrAnOlderVersion) {
  std::unique_ptr<store::Store> replica = OpenAnother();
  EXPECT_FALSE(ValueOf(store_->FindSessionByChatToWrite("chat-1")).has_value());
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  auto first = ValueOf(store_->FindSessionByChatToWrite("chat-1"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->session_id, "s1");
  EXPECT_EQ(first->version, 1);
  // Another replica writes; this one may still answer the version it knew,
  // and a write naming that version then conflicts.
  SessionRecord elsewhere = ValueOf(replica->GetSession("s1"));
  elsewhere.routed = true;
  ASSERT_TRUE(replica->UpdateSession(elsewhere).ok());
  auto later = ValueOf(store_->FindSessionByChatToWrite("chat-1"));
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->session_id, "s1");
  ASSERT_TRUE(later->version == 1 || later->version == 2) << later->version;
  later->stop_requested = true;
  auto written = store_->UpdateSession(*later);
  if (later->version == 1) {
    ExpectConflict(written.status());
  } else {
    EXPECT_TRUE(written.ok()) << written.status();
  }
  // A fresh read decides; what this replica wrote is never answered older.
  SessionRecord fresh = ValueOf(store_->GetSession("s1"));
  EXPECT_TRUE(fresh.routed);
  fresh.stop_reason = "done";
  SessionRecord stored = ValueOf(store_->UpdateSession(fresh));
  EXPECT_EQ(ValueOf(store_->FindSessionByChatToWrite("chat-1")).value_or(SessionRecord{}).version,
            stored.version);
}

TEST_P(StoreContractTest, AWriteOnARecordOfASessionDeletedElsewhereFailsNotFound) {
  std::unique_ptr<store::Store> replica = OpenAnother();
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  ASSERT_TRUE(ValueOf(store_->FindSessionByChatToWrite("chat-1")).has_value());
  ASSERT_TRUE(replica->DeleteSession("s1").ok());
  auto stale = ValueOf(store_->FindSessionByChatToWrite("chat-1"));
  if (stale.has_value()) {  // remembered: every write naming it fails
    JournalCommit commit{.session = *stale};
    commit.entries.push_back(Entry("s1", "late"));
    EXPECT_TRUE(absl::IsNotFound(store_->Commit(commit).status()));
    EXPECT_TRUE(ReadAll(*store_).empty());
  }
  // Once a write failed (or at once), the chat has no session.
  EXPECT_FALSE(ValueOf(store_->FindSessionByChatToWrite("chat-1")).has_value());
  EXPECT_FALSE(ValueOf(store_->FindSessionByChat("chat-1")).has_value());
}

TEST_P(StoreContractTest, ACommitOnAnUnchangedSessionChecksItsVersionAndWritesNothingOfIt) {
  SessionRecord created = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  JournalCommit commit{.dedup_key = "d1", .session = created, .session_unchanged = true};
  commit.entries.push_back(Entry("s1", "hello"));
  CommitResult result = ValueOf(store_->Commit(commit));
  ASSERT_EQ(result.appended.size(), 1u);
  ASSERT_TRUE(result.session.has_value());
  EXPECT_EQ(result.session->version, created.version);
  EXPECT_EQ(ValueOf(store_->GetSession("s1")), created);
  // Once another write came first, the check fails and nothing is journaled.
  SessionRecord routed = created;
  routed.routed = true;
  ASSERT_TRUE(store_->UpdateSession(routed).ok());
  JournalCommit stale{.dedup_key = "d2", .session = created, .session_unchanged = true};
  stale.entries.push_back(Entry("s1", "late"));
  ExpectConflict(store_->Commit(stale).status());
  EXPECT_EQ(Payloads(ReadAll(*store_)), std::vector<std::string>{"hello"});
  // Nor was its delivery key taken: a retry on the fresh record commits.
  stale.session = ValueOf(store_->GetSession("s1"));
  EXPECT_FALSE(ValueOf(store_->Commit(stale)).duplicate);
  // An ended entry changes the session, so it cannot be "unchanged".
  JournalCommit ending{.session = ValueOf(store_->GetSession("s1")), .session_unchanged = true};
  ending.entries.push_back(Entry("s1", "ended"));
  ending.ended_entry = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(store_->Commit(ending).status()));
}

TEST_P(StoreContractTest, ConcurrentUpdateSessionWithLosesNoChange) {
  constexpr int kThreads = 8;
  constexpr int kWritesEach = 10;
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([this, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        auto written = store::UpdateSessionWith(*store_, "s1", [&](SessionRecord& s) {
          s.agent_ids.push_back(absl::StrCat("agent-", t, "-", i));
          return true;
        });
        EXPECT_TRUE(written.ok()) << written.status();
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.agent_ids.size(), static_cast<size_t>(kThreads * kWritesEach));
  EXPECT_EQ(std::set<std::string>(got.agent_ids.begin(), got.agent_ids.end()).size(),
            got.agent_ids.size());
  EXPECT_EQ(got.version, 1 + kThreads * kWritesEach);
}

TEST_P(StoreContractTest, NarrowUpdatesChangeOnlyTheirOwnFields) {
  SessionRecord s = MakeSession("s1", "chat-1");
  s.state = SessionState::kActive;
  s.agent_ids = {"agent@example.com"};
  ASSERT_TRUE(store_->CreateSession(s).ok());
  ASSERT_TRUE(store::MarkRouted(*store_, "s1").ok());
  ASSERT_TRUE(store::MarkStopRequested(*store_, "s1", "bot finished").ok());
  store::CustomerSecrets fresh{.access_token = "new-token",
                               .token_expires_at = kT0 + absl::Hours(2),
                               .cookie_customer_id = "new-cid",
                               .cookie_secret = "new-cst"};
  ASSERT_TRUE(store::UpdateCustomerSecrets(*store_, "s1", fresh).ok());

  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_TRUE(got.routed);
  EXPECT_TRUE(got.stop_requested);
  EXPECT_EQ(got.stop_reason, "bot finished");
  EXPECT_EQ(got.customer.access_token, "new-token");
  EXPECT_EQ(got.customer.token_expires_at, kT0 + absl::Hours(2));
  EXPECT_EQ(got.customer.cookie_customer_id, "new-cid");
  EXPECT_EQ(got.customer.cookie_secret, "new-cst");
  EXPECT_EQ(got.state, SessionState::kActive);
  EXPECT_EQ(got.agent_ids, s.agent_ids);
  EXPECT_EQ(got.version, 4);

  ASSERT_TRUE(store::ClearStopRequested(*store_, "s1").ok());
  got = ValueOf(store_->GetSession("s1"));
  EXPECT_FALSE(got.stop_requested);
  EXPECT_EQ(got.stop_reason, "");
  EXPECT_TRUE(got.routed);
}

TEST_P(StoreContractTest, ARenewedCustomerTokenIsNotStoredOnAnEndedSession) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  s.state = SessionState::kEnded;
  s.customer = store::CustomerSecrets{};  // wiped when the session ends
  ASSERT_TRUE(store_->UpdateSession(s).ok());

  store::CustomerSecrets late{.access_token = "late-token",
                              .token_expires_at = kT0 + absl::Hours(2),
                              .cookie_customer_id = "late-cid",
                              .cookie_secret = "late-cst"};
  EXPECT_TRUE(store::UpdateCustomerSecrets(*store_, "s1", late).ok());
  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.customer.access_token, "");
  EXPECT_EQ(got.customer.cookie_customer_id, "");
  EXPECT_EQ(got.customer.cookie_secret, "");
  EXPECT_EQ(got.customer.token_expires_at, absl::InfinitePast());
}

TEST_P(StoreContractTest, DeleteSessionRemovesTheSessionAndItsJournalEntries) {
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  ASSERT_TRUE(store_->CreateSession(MakeSession("s2", "chat-2")).ok());
  ASSERT_TRUE(
      store_->Commit(EntriesOnly({Entry("s1", "a"), Entry("s2", "b"), Entry("s1", "c")})).ok());

  ASSERT_TRUE(store_->DeleteSession("s1").ok());

  EXPECT_EQ(store_->GetSession("s1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(ValueOf(store_->FindSessionByChat("chat-1")).has_value());
  EXPECT_EQ(Payloads(ReadAll(*store_)), std::vector<std::string>{"b"});
  EXPECT_TRUE(store_->GetSession("s2").ok());
  EXPECT_TRUE(store_->DeleteSession("s1").ok()) << "deleting twice is harmless";
  // The chat is free for a new session.
  EXPECT_TRUE(store_->CreateSession(MakeSession("s3", "chat-1")).ok());
}

TEST_P(StoreContractTest, ListOpenSessionsPagesInSessionIdOrderAndSkipsEndedOnes) {
  for (const char* id : {"d", "b", "e", "a", "c"}) {
    ASSERT_TRUE(store_->CreateSession(MakeSession(id, std::string("chat-") + id)).ok());
  }
  SessionRecord ended = ValueOf(store_->GetSession("c"));
  ended.state = SessionState::kEnded;
  ASSERT_TRUE(store_->UpdateSession(ended).ok());

  EXPECT_EQ(Ids(ValueOf(store_->ListOpenSessions("", 2))), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Ids(ValueOf(store_->ListOpenSessions("b", 2))), (std::vector<std::string>{"d", "e"}));
  EXPECT_TRUE(ValueOf(store_->ListOpenSessions("e", 2)).empty());
  EXPECT_EQ(Ids(ValueOf(store_->ListOpenSessions("", 100))),
            (std::vector<std::string>{"a", "b", "d", "e"}));
}

// ---- journal

TEST_P(StoreContractTest, CommitAssignsStrictlyIncreasingSeqsInCommitOrder) {
  std::vector<int64_t> seqs;
  for (int i = 0; i < 5; ++i) {
    CommitResult result = ValueOf(store_->Commit(EntriesOnly(
        {Entry("s1", absl::StrCat("p", 2 * i)), Entry("s2", absl::StrCat("p", 2 * i + 1))})));
    EXPECT_FALSE(result.duplicate);
    EXPECT_FALSE(result.session.has_value());
    ASSERT_EQ(result.appended.size(), 2u);
    EXPECT_EQ(result.appended[0].payload, absl::StrCat("p", 2 * i));
    EXPECT_EQ(result.appended[1].session_id, "s2");
    for (const auto& e : result.appended) seqs.push_back(e.seq);
  }
  EXPECT_GT(seqs.front(), 0);
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
  EXPECT_EQ(std::set<int64_t>(seqs.begin(), seqs.end()).size(), seqs.size());

  std::vector<JournalEntry> all = ReadAll(*store_);
  EXPECT_EQ(Seqs(all), seqs);
  ASSERT_EQ(all.size(), 10u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].payload, absl::StrCat("p", i));
    EXPECT_EQ(all[i].recorded_at, kT0);
  }
  EXPECT_EQ(ValueOf(store_->LastSeq()), seqs.back());
}

TEST_P(StoreContractTest, CommitKeepsBinaryPayloadsExactly) {
  const std::string payload("\0\x01\xff zero\0end", 12);
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("s1", payload), Entry("s1", "")})).ok());
  EXPECT_EQ(Payloads(ReadAll(*store_)), (std::vector<std::string>{payload, ""}));
}

TEST_P(StoreContractTest, ReadJournalFiltersBySessionIdsAndHonoursAfterSeqAndLimit) {
  CommitResult result =
      ValueOf(store_->Commit(EntriesOnly({Entry("a", "a1"), Entry("b", "b1"), Entry("c", "c1"),
                                          Entry("a", "a2"), Entry("b", "b2"), Entry("a", "a3")})));
  ASSERT_EQ(result.appended.size(), 6u);
  const auto& seq = result.appended;
  using Strings = std::vector<std::string>;

  EXPECT_EQ(Payloads(ValueOf(store_->ReadJournal(0, {"a"}, 100))), (Strings{"a1", "a2", "a3"}));
  EXPECT_EQ(Payloads(ValueOf(store_->ReadJournal(0, {"a", "c"}, 100))),
            (Strings{"a1", "c1", "a2", "a3"}));
  auto after = ValueOf(store_->ReadJournal(seq[2].seq, {}, 100));
  EXPECT_EQ(Payloads(after), (Strings{"a2", "b2", "a3"}));
  EXPECT_EQ(Seqs(after), (std::vector<int64_t>{seq[3].seq, seq[4].seq, seq[5].seq}));
  EXPECT_EQ(Payloads(ValueOf(store_->ReadJournal(seq[0].seq, {}, 2))), (Strings{"b1", "c1"}));
  EXPECT_EQ(Payloads(ValueOf(store_->ReadJournal(seq[0].seq, {"a", "b"}, 2))),
            (Strings{"b1", "a2"}));
  EXPECT_TRUE(ValueOf(store_->ReadJournal(seq.back().seq, {}, 100)).empty());
  EXPECT_TRUE(ValueOf(store_->ReadJournal(0, {"zzz"}, 100)).empty());
}

TEST_P(StoreContractTest, LastSeqAndPrunedThroughAreZeroOnAnEmptyJournal) {
  EXPECT_EQ(ValueOf(store_->LastSeq()), 0);
  EXPECT_EQ(ValueOf(store_->PrunedThrough()), 0);
}

TEST_P(StoreContractTest, LastSeqSurvivesDeletingTheNewestEntriesAndSeqsAreNeverReused) {
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("keep", "k")})).ok());
  CommitResult doomed = ValueOf(store_->Commit(EntriesOnly({Entry("s1", "x"), Entry("s1", "y")})));
  ASSERT_EQ(doomed.appended.size(), 2u);
  const int64_t high = doomed.appended.back().seq;

  ASSERT_TRUE(store_->DeleteSession("s1").ok());  // deletes the two newest entries
  EXPECT_EQ(ValueOf(store_->LastSeq()), high);
  CommitResult next = ValueOf(store_->Commit(EntriesOnly({Entry("keep", "n")})));
  ASSERT_EQ(next.appended.size(), 1u);
  EXPECT_GT(next.appended[0].seq, high);
}

TEST_P(StoreContractTest, ACommitWithASeenDedupKeyIsADuplicateAndWritesNothing) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  JournalCommit first;
  first.dedup_key = "webhook-1";
  first.received_at = kT0;
  first.session = s;
  first.session->state = SessionState::kActive;
  first.entries = {Entry("s1", "hello")};
  CommitResult result = ValueOf(store_->Commit(first));
  EXPECT_FALSE(result.duplicate);
  ASSERT_TRUE(result.session.has_value());
  const int64_t last_before = ValueOf(store_->LastSeq());

  JournalCommit again = first;
  again.session = *result.session;  // even at the right version
  again.session->state = SessionState::kEnded;
  again.entries = {Entry("s1", "hello"), Entry("s1", "more")};
  again.ended_entry = 1;
  CommitResult dup = ValueOf(store_->Commit(again));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_TRUE(dup.appended.empty());
  EXPECT_FALSE(dup.session.has_value());

  EXPECT_EQ(Payloads(ReadAll(*store_)), std::vector<std::string>{"hello"});
  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.state, SessionState::kActive);
  EXPECT_EQ(got.ended_seq, 0);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(ValueOf(store_->LastSeq()), last_before);
}

TEST_P(StoreContractTest, CommitsWithoutDedupKeyAreNeverDuplicates) {
  EXPECT_FALSE(ValueOf(store_->Commit(EntriesOnly({Entry("s1", "x")}))).duplicate);
  EXPECT_FALSE(ValueOf(store_->Commit(EntriesOnly({Entry("s1", "x")}))).duplicate);
  EXPECT_EQ(ReadAll(*store_).size(), 2u);
}

TEST_P(StoreContractTest, EntryDedupKeysSkipOnlyThatEntryAndKeepTheEndedSeqRight) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  JournalCommit first;
  first.entries = {KeyedEntry("s1", "a", "ev/1")};
  ASSERT_EQ(ValueOf(store_->Commit(first)).appended.size(), 1u);

  JournalCommit end;
  end.session = s;
  end.session->state = SessionState::kEnded;
  end.entries = {KeyedEntry("s1", "a", "ev/1"),
                 KeyedEntry("s1", "b", "ev/2"),
                 Entry("s1", "end")};
  end.ended_entry = 2;
  CommitResult result = ValueOf(store_->Commit(end));
  EXPECT_FALSE(result.duplicate);
  ASSERT_EQ(result.appended.size(), 2u);  // ev/1 was journaled already
  EXPECT_EQ(result.appended[0].payload, "b");
  EXPECT_EQ(result.appended[1].payload, "end");
  EXPECT_EQ(Payloads(ReadAll(*store_)), (std::vector<std::string>{"a", "b", "end"}));
  EXPECT_EQ(ValueOf(store_->GetSession("s1")).ended_seq, result.appended[1].seq);
}

TEST_P(StoreContractTest, ACommitLosingItsSessionCompareAndSetWritesNothingNotEvenItsKeys) {
  SessionRecord read = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  SessionRecord concurrent = read;
  concurrent.routed = true;
  SessionRecord current = ValueOf(store_->UpdateSession(concurrent));

  JournalCommit commit;
  commit.dedup_key = "webhook-1";
  commit.session = read;  // stale
  commit.session->state = SessionState::kActive;
  commit.entries = {Entry("s1", "assigned"),
                    KeyedEntry("s1", "e", "ev/1")};
  ExpectConflict(store_->Commit(commit).status());
  EXPECT_TRUE(ReadAll(*store_).empty());
  EXPECT_EQ(ValueOf(store_->LastSeq()), 0);
  EXPECT_EQ(ValueOf(store_->GetSession("s1")).state, SessionState::kWaiting);

  // The retry, at the version now stored, is no duplicate.
  commit.session = current;
  commit.session->state = SessionState::kActive;
  CommitResult retried = ValueOf(store_->Commit(commit));
  EXPECT_FALSE(retried.duplicate);
  EXPECT_EQ(Payloads(retried.appended), (std::vector<std::string>{"assigned", "e"}));
  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.state, SessionState::kActive);
  EXPECT_TRUE(got.routed);
  EXPECT_EQ(got.version, 3);
}

TEST_P(StoreContractTest, CommitWithAnEndedEntrySetsEndedSeqAndReturnsTheStoredSession) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  s.state = SessionState::kEnded;
  s.end_time = kT0 + absl::Minutes(1);
  s.ended_by = EndedBy::kLiveChat;
  s.end_reason = "chat closed";
  JournalCommit commit;
  commit.session = s;
  commit.entries = {Entry("s1", "last message"), Entry("s1", "ended")};
  commit.ended_entry = 1;
  CommitResult result = ValueOf(store_->Commit(commit));
  ASSERT_EQ(result.appended.size(), 2u);
  ASSERT_TRUE(result.session.has_value());
  EXPECT_EQ(result.session->ended_seq, result.appended[1].seq);
  EXPECT_EQ(result.session->version, 2);
  EXPECT_EQ(result.session->state, SessionState::kEnded);

  SessionRecord got = ValueOf(store_->GetSession("s1"));
  EXPECT_EQ(got.state, SessionState::kEnded);
  EXPECT_EQ(got.ended_by, EndedBy::kLiveChat);
  EXPECT_EQ(got.end_reason, "chat closed");
  EXPECT_EQ(got.end_time, s.end_time);
  EXPECT_EQ(got.ended_seq, result.appended[1].seq);
  EXPECT_EQ(got.version, 2);
}

TEST_P(StoreContractTest, CommitWithoutAnEndedEntryKeepsTheGivenEndedSeq) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  s.state = SessionState::kActive;
  JournalCommit commit;
  commit.session = s;
  commit.entries = {Entry("s1", "assigned")};
  CommitResult result = ValueOf(store_->Commit(commit));
  ASSERT_TRUE(result.session.has_value());
  EXPECT_EQ(result.session->ended_seq, 0);
  EXPECT_EQ(ValueOf(store_->GetSession("s1")).ended_seq, 0);
}

TEST_P(StoreContractTest, CommitForAMissingSessionFailsAndWritesNothing) {
  JournalCommit commit;
  commit.dedup_key = "k";
  commit.session = MakeSession("ghost", "chat-ghost");
  commit.session->version = 1;
  commit.entries = {Entry("ghost", "x")};
  auto result = store_->Commit(commit);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(result.status()), reason::kSessionNotFound);
  EXPECT_EQ(ValueOf(store_->LastSeq()), 0);
  commit.session.reset();  // the key was not used up by the failed commit
  EXPECT_FALSE(ValueOf(store_->Commit(commit)).duplicate);
}

// ---- retention

TEST_P(StoreContractTest, PruneDeletesAnOldPrefixAndRemembersWhereItEnded) {
  CommitResult result = ValueOf(store_->Commit(EntriesOnly(
      {Entry("s", "old1", kT0), Entry("s", "old2", kT0 + absl::Seconds(1)),
       Entry("s", "new1", kT0 + absl::Seconds(10)), Entry("s", "new2", kT0 + absl::Seconds(11))})));
  ASSERT_EQ(result.appended.size(), 4u);
  const auto& seq = result.appended;

  EXPECT_EQ(ValueOf(store_->Prune(kT0 + absl::Seconds(5))), 2);
  EXPECT_EQ(ValueOf(store_->PrunedThrough()), seq[1].seq);
  EXPECT_EQ(Payloads(ReadAll(*store_)), (std::vector<std::string>{"new1", "new2"}));
  EXPECT_EQ(ValueOf(store_->LastSeq()), seq[3].seq);

  // Nothing older is left, and an earlier cutoff never moves the mark back.
  EXPECT_EQ(ValueOf(store_->Prune(kT0 + absl::Seconds(5))), 0);
  EXPECT_EQ(ValueOf(store_->Prune(kT0)), 0);
  EXPECT_EQ(ValueOf(store_->PrunedThrough()), seq[1].seq);
}

TEST_P(StoreContractTest, PruneCutoffIsExclusive) {
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("s", "at-cutoff", kT0)})).ok());
  EXPECT_EQ(ValueOf(store_->Prune(kT0)), 0);
  EXPECT_EQ(ReadAll(*store_).size(), 1u);
  EXPECT_EQ(ValueOf(store_->PrunedThrough()), 0);
}

TEST_P(StoreContractTest, PruneDeletesAWholePrefixEvenIfTheClockSteppedBack) {
  // "second" was recorded after the clock stepped back: older than "first"
  // by time, newer by seq.
  CommitResult result = ValueOf(store_->Commit(
      EntriesOnly({Entry("s", "first", kT0 + absl::Seconds(10)), Entry("s", "second", kT0),
                   Entry("s", "third", kT0 + absl::Seconds(20))})));
  ASSERT_EQ(result.appended.size(), 3u);
  EXPECT_EQ(ValueOf(store_->Prune(kT0 + absl::Seconds(5))), 2);  // no hole is left
  EXPECT_EQ(Payloads(ReadAll(*store_)), std::vector<std::string>{"third"});
  EXPECT_EQ(ValueOf(store_->PrunedThrough()), result.appended[1].seq);
}

TEST_P(StoreContractTest, PruneForgetsOldDedupKeysSoTheyCanBeCommittedAgain) {
  JournalCommit old_delivery = EntriesOnly({Entry("s", "o", kT0)});
  old_delivery.dedup_key = "old";
  old_delivery.received_at = kT0;
  JournalCommit new_delivery = EntriesOnly({Entry("s", "n", kT0 + absl::Hours(1))});
  new_delivery.dedup_key = "new";
  new_delivery.received_at = kT0 + absl::Hours(1);
  ASSERT_TRUE(store_->Commit(old_delivery).ok());
  ASSERT_TRUE(store_->Commit(new_delivery).ok());

  ASSERT_TRUE(store_->Prune(kT0 + absl::Minutes(30)).ok());

  CommitResult old_again = ValueOf(store_->Commit(old_delivery));
  EXPECT_FALSE(old_again.duplicate);
  EXPECT_EQ(old_again.appended.size(), 1u);
  EXPECT_TRUE(ValueOf(store_->Commit(new_delivery)).duplicate);
}

// ---- waiting for entries

TEST_P(StoreContractTest, WaitForEntriesReturnsAtOnceWhenThereAreEntries) {
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("s", "a"), Entry("s", "b")})).ok());
  const absl::Time start = absl::Now();
  auto entries = ValueOf(store_->WaitForEntries(0, 1, absl::Minutes(1)));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_EQ(Payloads(entries), std::vector<std::string>{"a"});  // at most `limit`
}

TEST_P(StoreContractTest, WaitForEntriesReturnsNoneOnceTheWaitRunsOut) {
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("s", "seen")})).ok());
  const int64_t last = ValueOf(store_->LastSeq());
  const absl::Time start = absl::Now();
  EXPECT_TRUE(ValueOf(store_->WaitForEntries(last, 10, kShortTtl)).empty());
  EXPECT_GE(absl::Now() - start, kShortTtl);
}

// Waits (up to a minute) for the entry `commit` makes, on `waiter`, while
// another thread commits it; the wait must end with it long before that.
void ExpectWokenByCommit(store::Store& waiter, const std::function<void()>& commit) {
  const int64_t last = ValueOf(waiter.LastSeq());
  const absl::Time start = absl::Now();
  std::thread committer(commit);
  auto entries = waiter.WaitForEntries(last, 10, absl::Minutes(1));
  const absl::Duration took = absl::Now() - start;
  committer.join();
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_EQ(Payloads(*entries), std::vector<std::string>{"wake up"});
  EXPECT_LT(took, absl::Seconds(10));
}

TEST_P(StoreContractTest, WaitForEntriesWakesWhenAnotherThreadCommits) {
  ExpectWokenByCommit(*store_, [this] {
    EXPECT_TRUE(store_->Commit(EntriesOnly({Entry("s", "wake up")})).ok());
  });
}

TEST_P(StoreContractTest, WaitForEntriesWakesWhenAnotherReplicaCommits) {
  std::unique_ptr<store::Store> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  ExpectWokenByCommit(*store_, [&replica] {
    EXPECT_TRUE(replica->Commit(EntriesOnly({Entry("s", "wake up")})).ok());
  });
}

// ---- idempotency

TEST_P(StoreContractTest, ReserveAcquiresANewKeyAndACompletedKeyReportsItsOutcome) {
  const std::string outcome("outcome\0bytes", 13);
  Reservation first = ValueOf(store_->Reserve("start/r1", "attempt-1", kLongTtl));
  EXPECT_EQ(first.state, State::kAcquired);
  EXPECT_EQ(first.value, "");
  ASSERT_TRUE(store_->Complete("start/r1", "attempt-1", outcome, kLongTtl).ok());

  for (const char* owner : {"attempt-2", "attempt-1"}) {
    Reservation later = ValueOf(store_->Reserve("start/r1", owner, kLongTtl));
    EXPECT_EQ(later.state, State::kCompleted) << owner;
    EXPECT_EQ(later.value, outcome) << owner;
  }
  EXPECT_EQ(ValueOf(store_->Reserve("start/r2", "attempt-2", kLongTtl)).state, State::kAcquired);
}

TEST_P(StoreContractTest, ReserveOfAKeyAnotherAttemptHoldsReportsHeldWithTheTimeLeft) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kLongTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->SaveProgress("k", "attempt-1", "secret progress", kLongTtl).ok());
  Reservation other = ValueOf(store_->Reserve("k", "attempt-2", kLongTtl));
  EXPECT_EQ(other.state, State::kHeld);
  EXPECT_EQ(other.value, "") << "progress is only for who takes the key over";
  EXPECT_GT(other.held_for, kLongTtl - absl::Minutes(1));
  EXPECT_LE(other.held_for, kLongTtl);
  ExpectConflict(store_->SaveProgress("k", "attempt-2", "x", kLongTtl));
  ExpectConflict(store_->Complete("k", "attempt-2", "x", kLongTtl));
}

TEST_P(StoreContractTest, ReserveByTheHolderRenewsAndReportsWhatItRecorded) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kShortTtl)).state, State::kAcquired);
  EXPECT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kLongTtl)).state, State::kAcquired);
  EXPECT_GT(ValueOf(store_->Reserve("k", "attempt-2", kLongTtl)).held_for, kShortTtl);
  ASSERT_TRUE(store_->SaveProgress("k", "attempt-1", "part 0 posted", kLongTtl).ok());
  Reservation renewed = ValueOf(store_->Reserve("k", "attempt-1", kLongTtl));
  EXPECT_EQ(renewed.state, State::kTakenOver);
  EXPECT_EQ(renewed.value, "part 0 posted");
}

TEST_P(StoreContractTest, SaveProgressRenewsTheReservation) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kShortTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->SaveProgress("k", "attempt-1", "p", kLongTtl).ok());
  Reservation other = ValueOf(store_->Reserve("k", "attempt-2", kLongTtl));
  EXPECT_EQ(other.state, State::kHeld);
  EXPECT_GT(other.held_for, kShortTtl);
}

TEST_P(StoreContractTest, AnExpiredReservationIsTakenOverWithItsProgress) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kShortTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->SaveProgress("k", "attempt-1", "2:E1", kShortTtl).ok());
  Reservation takeover = ReserveOnceExpired(*store_, "k", "attempt-2");
  EXPECT_EQ(takeover.state, State::kTakenOver);
  EXPECT_EQ(takeover.value, "2:E1");
  // The key is attempt-2's now.
  EXPECT_EQ(ValueOf(store_->Reserve("k", "attempt-3", kLongTtl)).state, State::kHeld);
}

TEST_P(StoreContractTest, AnOutcomeIsFinalEvenForItsOwnAttempt) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kLongTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->Complete("k", "attempt-1", "first", kLongTtl).ok());
  EXPECT_TRUE(store_->Complete("k", "attempt-1", "second", kLongTtl).ok());
  ExpectConflict(store_->SaveProgress("k", "attempt-1", "late", kLongTtl));
  Reservation later = ValueOf(store_->Reserve("k", "attempt-2", kLongTtl));
  EXPECT_EQ(later.state, State::kCompleted);
  EXPECT_EQ(later.value, "first");
}

TEST_P(StoreContractTest, ProgressSavedWithNoTimeLeftIsTakenOverAtOnce) {
  // How a failed attempt hands what it began to the next one.
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kLongTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->SaveProgress("k", "attempt-1", "2:E1", absl::ZeroDuration()).ok());
  Reservation next = ValueOf(store_->Reserve("k", "attempt-2", kLongTtl));
  EXPECT_EQ(next.state, State::kTakenOver);
  EXPECT_EQ(next.value, "2:E1");
}

TEST_P(StoreContractTest, AnExpiredReservationWithoutProgressIsAcquiredAfresh) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kShortTtl)).state, State::kAcquired);
  Reservation next = ReserveOnceExpired(*store_, "k", "attempt-2");
  EXPECT_EQ(next.state, State::kAcquired);
  EXPECT_EQ(next.value, "");
}

TEST_P(StoreContractTest, TheAttemptThatWasTakenOverCanNeitherSaveNorComplete) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kShortTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->SaveProgress("k", "attempt-1", "mine", kShortTtl).ok());
  ASSERT_EQ(ReserveOnceExpired(*store_, "k", "attempt-2").state, State::kTakenOver);

  ExpectConflict(store_->SaveProgress("k", "attempt-1", "late", kLongTtl));
  ExpectConflict(store_->Complete("k", "attempt-1", "late", kLongTtl));
  ASSERT_TRUE(store_->Release("k", "attempt-1").ok());  // does nothing
  Reservation renewed = ValueOf(store_->Reserve("k", "attempt-2", kLongTtl));
  EXPECT_EQ(renewed.state, State::kTakenOver);
  EXPECT_EQ(renewed.value, "mine");
}

TEST_P(StoreContractTest, ReleaseLetsTheNextAttemptAcquireAfreshButNeverUndoesAnOutcome) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kLongTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->Release("k", "attempt-2").ok());  // not the holder: nothing
  EXPECT_EQ(ValueOf(store_->Reserve("k", "attempt-2", kLongTtl)).state, State::kHeld);
  ASSERT_TRUE(store_->Release("k", "attempt-1").ok());
  EXPECT_EQ(ValueOf(store_->Reserve("k", "attempt-2", kLongTtl)).state, State::kAcquired);

  ASSERT_TRUE(store_->Complete("k", "attempt-2", "done", kLongTtl).ok());
  ASSERT_TRUE(store_->Release("k", "attempt-2").ok());
  EXPECT_EQ(ValueOf(store_->Reserve("k", "attempt-3", kLongTtl)).state, State::kCompleted);
}

TEST_P(StoreContractTest, AnOutcomeIsForgottenOnceItsKeepRunsOut) {
  ASSERT_EQ(ValueOf(store_->Reserve("k", "attempt-1", kLongTtl)).state, State::kAcquired);
  ASSERT_TRUE(store_->Complete("k", "attempt-1", "done", kShortTtl).ok());
  Reservation next = ReserveOnceExpired(*store_, "k", "attempt-2", State::kCompleted);
  EXPECT_EQ(next.state, State::kAcquired);
  EXPECT_EQ(next.value, "");
}

TEST_P(StoreContractTest, ForgetExpiredKeepsLiveRecordsAndTheProgressOfADeadAttempt) {
  ASSERT_TRUE(store_->Reserve("live", "attempt-1", kLongTtl).ok());
  ASSERT_TRUE(store_->Reserve("done", "attempt-1", kLongTtl).ok());
  ASSERT_TRUE(store_->Complete("done", "attempt-1", "outcome", kLongTtl).ok());
  ASSERT_TRUE(store_->Reserve("dead", "attempt-1", kShortTtl).ok());
  ASSERT_TRUE(store_->SaveProgress("dead", "attempt-1", "progress", kShortTtl).ok());
  // Once a reservation made after "dead"'s expired, "dead"'s has too.
  ASSERT_TRUE(store_->Reserve("later", "attempt-1", kShortTtl).ok());
  ASSERT_EQ(ReserveOnceExpired(*store_, "later", "attempt-2").state, State::kAcquired);

  ASSERT_TRUE(store_->ForgetExpired().ok());

  EXPECT_EQ(ValueOf(store_->Reserve("live", "attempt-2", kLongTtl)).state, State::kHeld);
  EXPECT_EQ(ValueOf(store_->Reserve("done", "attempt-2", kLongTtl)).state, State::kCompleted);
  Reservation dead = ValueOf(store_->Reserve("dead", "attempt-2", kLongTtl));
  EXPECT_EQ(dead.state, State::kTakenOver);
  EXPECT_EQ(dead.value, "progress");
}

TEST_P(StoreContractTest, AttemptsRacingForOneKeyAcquireItExactlyOnce) {
  constexpr int kAttempts = 8;
  std::vector<Reservation> got(kAttempts);
  std::vector<std::thread> attempts;
  for (int i = 0; i < kAttempts; ++i) {
    attempts.emplace_back([&, i] {
      got[i] = ValueOf(store_->Reserve("send/s1/r1", absl::StrCat("attempt-", i), kLongTtl));
    });
  }
  for (std::thread& attempt : attempts) attempt.join();
  int acquired = 0;
  for (const Reservation& r : got) {
    if (r.state == State::kAcquired) {
      ++acquired;
    } else {
      EXPECT_EQ(r.state, State::kHeld);
    }
  }
  EXPECT_EQ(acquired, 1);
}

// ---- leases

TEST_P(StoreContractTest, ALeaseHasOneHolderWhoRenewsIt) {
  EXPECT_TRUE(ValueOf(store_->AcquireLease("retention", "replica-1", kLongTtl)));
  EXPECT_FALSE(ValueOf(store_->AcquireLease("retention", "replica-2", kLongTtl)));
  EXPECT_TRUE(ValueOf(store_->AcquireLease("retention", "replica-1", kLongTtl)));
  EXPECT_TRUE(ValueOf(store_->AcquireLease("reconcile", "replica-2", kLongTtl)));
}

TEST_P(StoreContractTest, AnExpiredLeaseGoesToAnotherOwner) {
  ASSERT_TRUE(ValueOf(store_->AcquireLease("retention", "replica-1", kShortTtl)));
  EXPECT_TRUE(Eventually(
      [&] { return ValueOf(store_->AcquireLease("retention", "replica-2", kLongTtl)); },
      kExpiryDeadline));
  EXPECT_FALSE(ValueOf(store_->AcquireLease("retention", "replica-1", kLongTtl)));
}

TEST_P(StoreContractTest, ReleaseLeaseFreesItAtOnceButOnlyForItsHolder) {
  ASSERT_TRUE(ValueOf(store_->AcquireLease("retention", "replica-1", kLongTtl)));
  ASSERT_TRUE(store_->ReleaseLease("retention", "replica-2").ok());
  EXPECT_FALSE(ValueOf(store_->AcquireLease("retention", "replica-2", kLongTtl)));
  ASSERT_TRUE(store_->ReleaseLease("retention", "replica-1").ok());
  EXPECT_TRUE(ValueOf(store_->AcquireLease("retention", "replica-2", kLongTtl)));
}

TEST_P(StoreContractTest, ForgetExpiredKeepsLiveLeases) {
  ASSERT_TRUE(ValueOf(store_->AcquireLease("live", "replica-1", kLongTtl)));
  ASSERT_TRUE(ValueOf(store_->AcquireLease("dead", "replica-1", kShortTtl)));
  ASSERT_TRUE(Eventually(
      [&] { return ValueOf(store_->AcquireLease("dead", "replica-2", kLongTtl)); },
      kExpiryDeadline));
  ASSERT_TRUE(store_->ReleaseLease("dead", "replica-2").ok());
  ASSERT_TRUE(store_->ForgetExpired().ok());
  EXPECT_FALSE(ValueOf(store_->AcquireLease("live", "replica-2", kLongTtl)));
}

// ---- replicas and restarts

TEST_P(StoreContractTest, ReplicasWritingConcurrentlyLoseNoWriteAndShareOneSeqOrder) {
  constexpr int kReplicas = 4;
  constexpr int kCommitsEach = 10;
  ASSERT_TRUE(store_->CreateSession(MakeSession("s1", "chat-1")).ok());
  std::vector<std::unique_ptr<store::Store>> replicas;
  for (int i = 1; i < kReplicas; ++i) {
    replicas.push_back(OpenAnother());
    ASSERT_NE(replicas.back(), nullptr);
  }
  std::vector<store::Store*> stores = {store_.get()};
  for (auto& replica : replicas) stores.push_back(replica.get());

  std::vector<std::vector<int64_t>> seqs(kReplicas);
  std::vector<std::thread> writers;
  for (int r = 0; r < kReplicas; ++r) {
    writers.emplace_back([&, r] {
      store::Store& store = *stores[r];
      for (int i = 0; i < kCommitsEach; ++i) {
        const std::string mark = absl::StrCat("replica-", r, "-", i);
        // Read, change, commit; on a conflict read again.
        for (int attempt = 0; attempt < 1000; ++attempt) {
          JournalCommit commit;
          commit.session = ValueOf(store.GetSession("s1"));
          commit.session->agent_ids.push_back(mark);
          commit.entries = {Entry("s1", mark)};
          auto result = store.Commit(commit);
          if (store::IsStoreConflict(result.status())) continue;
          ASSERT_TRUE(result.ok()) << result.status();
          seqs[r].push_back(result->appended.at(0).seq);
          break;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();

  std::vector<int64_t> all_seqs;
  for (const auto& mine : seqs) {
    EXPECT_EQ(mine.size(), static_cast<size_t>(kCommitsEach));
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
    all_seqs.insert(all_seqs.end(), mine.begin(), mine.end());
  }
  std::sort(all_seqs.begin(), all_seqs.end());
  EXPECT_EQ(std::set<int64_t>(all_seqs.begin(), all_seqs.end()).size(), all_seqs.size());
  EXPECT_EQ(Seqs(ReadAll(*store_)), all_seqs);
  SessionRecord got = ValueOf(replicas.back()->GetSession("s1"));
  EXPECT_EQ(got.agent_ids.size(), static_cast<size_t>(kReplicas * kCommitsEach));
  EXPECT_EQ(got.version, 1 + kReplicas * kCommitsEach);
  // The journal says the same as the session, in the same order.
  EXPECT_EQ(Payloads(ReadAll(*store_)), got.agent_ids);
}

TEST_P(StoreContractTest, EverythingSurvivesCloseAndReopen) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("s1", "ancient", kT0 - absl::Hours(1))})).ok());
  JournalCommit commit;
  commit.dedup_key = "delivery-1";
  commit.received_at = kT0;
  commit.session = s;
  commit.session->state = SessionState::kActive;
  commit.entries = {Entry("s1", "one"), Entry("s1", "two")};
  ASSERT_TRUE(store_->Commit(commit).ok());
  ASSERT_TRUE(store_->CreateSession(MakeSession("s2", "chat-2")).ok());
  ASSERT_TRUE(store_->Commit(EntriesOnly({Entry("s2", "newest")})).ok());
  ASSERT_TRUE(store_->Prune(kT0 - absl::Minutes(1)).ok());
  ASSERT_TRUE(store_->DeleteSession("s2").ok());  // the newest entry goes
  ASSERT_TRUE(store_->Reserve("start/r1", "attempt-1", kLongTtl).ok());
  ASSERT_TRUE(store_->Complete("start/r1", "attempt-1", "s1", kLongTtl).ok());
  ASSERT_TRUE(store_->Reserve("send/s1/m1", "attempt-1", kLongTtl).ok());
  ASSERT_TRUE(store_->SaveProgress("send/s1/m1", "attempt-1", "E0", kLongTtl).ok());
  ASSERT_TRUE(ValueOf(store_->AcquireLease("retention", "replica-1", kLongTtl)));
  const int64_t last_seq = ValueOf(store_->LastSeq());
  const int64_t pruned_through = ValueOf(store_->PrunedThrough());
  ASSERT_GT(pruned_through, 0);
  store_->Close();

  std::unique_ptr<store::Store> reopened = OpenAnother();
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->Ping().ok());
  SessionRecord got = ValueOf(reopened->GetSession("s1"));
  EXPECT_EQ(got.state, SessionState::kActive);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.customer.access_token, "token-s1");
  EXPECT_EQ(Payloads(ReadAll(*reopened)), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(ValueOf(reopened->LastSeq()), last_seq);
  EXPECT_EQ(ValueOf(reopened->PrunedThrough()), pruned_through);
  EXPECT_TRUE(ValueOf(reopened->Commit(commit)).duplicate);
  Reservation start = ValueOf(reopened->Reserve("start/r1", "attempt-2", kLongTtl));
  EXPECT_EQ(start.state, State::kCompleted);
  EXPECT_EQ(start.value, "s1");
  Reservation send = ValueOf(reopened->Reserve("send/s1/m1", "attempt-1", kLongTtl));
  EXPECT_EQ(send.state, State::kTakenOver);
  EXPECT_EQ(send.value, "E0");
  EXPECT_FALSE(ValueOf(reopened->AcquireLease("retention", "replica-2", kLongTtl)));
  CommitResult next = ValueOf(reopened->Commit(EntriesOnly({Entry("s1", "three")})));
  ASSERT_EQ(next.appended.size(), 1u);
  EXPECT_GT(next.appended[0].seq, last_seq);
}

TEST_P(StoreContractTest, CallsAfterCloseFailWithUnavailable) {
  SessionRecord s = ValueOf(store_->CreateSession(MakeSession("s1", "chat-1")));
  store_->Close();
  store_->Close();  // harmless

  ExpectUnavailable(store_->CreateSession(MakeSession("s2", "chat-2")).status());
  ExpectUnavailable(store_->GetSession("s1").status());
  ExpectUnavailable(store_->FindSessionByChat("chat-1").status());
  ExpectUnavailable(store_->UpdateSession(s).status());
  ExpectUnavailable(store_->DeleteSession("s1"));
  ExpectUnavailable(store_->ListOpenSessions("", 10).status());
  ExpectUnavailable(store_->Commit(EntriesOnly({Entry("s1", "x")})).status());
  ExpectUnavailable(store_->ReadJournal(0, {}, 10).status());
  ExpectUnavailable(store_->WaitForEntries(0, 10, kShortTtl).status());
  ExpectUnavailable(store_->LastSeq().status());
  ExpectUnavailable(store_->PrunedThrough().status());
  ExpectUnavailable(store_->Prune(kT0).status());
  ExpectUnavailable(store_->Reserve("k", "o", kLongTtl).status());
  ExpectUnavailable(store_->SaveProgress("k", "o", "v", kLongTtl));
  ExpectUnavailable(store_->Complete("k", "o", "v", kLongTtl));
  ExpectUnavailable(store_->Release("k", "o"));
  ExpectUnavailable(store_->AcquireLease("l", "o", kLongTtl).status());
  ExpectUnavailable(store_->ReleaseLease("l", "o"));
  ExpectUnavailable(store_->ForgetExpired());
  ExpectUnavailable(store_->Ping());
}

TEST_P(StoreContractTest, PingIsOkWhileOpen) { EXPECT_TRUE(store_->Ping().ok()); }

// ---- idempotency values (no backend involved)

TEST(StringList, RoundTripsAnyStringsIncludingEmptyOnesAndColons) {
  for (const std::vector<std::string>& items :
       {std::vector<std::string>{}, std::vector<std::string>{""},
        std::vector<std::string>{"E1", "", "E3"},
        std::vector<std::string>{"a:b", "12:", ":", std::string("\0x", 2)}}) {
    auto decoded = store::DecodeStringList(store::EncodeStringList(items));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, items);
  }
}

TEST(StringList, RejectsValuesItDidNotEncode) {
  for (absl::string_view garbage : {"x", "3:ab", "-1:", "1", "2:abc", ":a"}) {
    EXPECT_EQ(store::DecodeStringList(garbage).status().code(),
              absl::StatusCode::kInvalidArgument)
        << garbage;
  }
}

}  // namespace
}  // namespace hitl::testing

#include "server/store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "tests/support/test_files.h"

namespace hitl::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1750000000);

std::unique_ptr<SqliteStore> OpenMemory() {
  auto store = SqliteStore::Open(":memory:");
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

SessionRecord MakeSession(const std::string& id, const std::string& chat) {
  SessionRecord s;
  s.session_id = id;
  s.chat_id = chat;
  s.thread_id = "thread-" + id;
  s.customer_id = "customer-" + id;
  s.user_id = "user-" + id;
  s.group_id = 7;
  s.state = SessionState::kWaiting;
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

std::vector<JournalEntry> ReadAll(Store& store) {
  auto entries = store.ReadJournal(0, {}, 1000000);
  EXPECT_TRUE(entries.ok()) << entries.status();
  return entries.ok() ? *entries : std::vector<JournalEntry>{};
}

TEST(SqliteStore, CreatedSessionReadsBackWithEveryField) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  s.state = SessionState::kActive;
  s.agent_ids = {"agent-a@example.com", "agent-b@example.com"};
  s.create_time = kT0 + absl::Microseconds(123456);
  s.end_time = kT0 + absl::Minutes(5);
  s.end_reason = "done";
  s.ended_by = EndedBy::kAgent;
  s.stop_requested = true;
  s.stop_reason = "bot asked";
  s.ended_seq = 42;
  ASSERT_TRUE(store->CreateSession(s, "req-1").ok());

  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->session_id, "s1");
  EXPECT_EQ(got->chat_id, "chat-1");
  EXPECT_EQ(got->thread_id, "thread-s1");
  EXPECT_EQ(got->customer_id, "customer-s1");
  EXPECT_EQ(got->user_id, "user-s1");
  EXPECT_EQ(got->group_id, 7);
  EXPECT_EQ(got->state, SessionState::kActive);
  EXPECT_EQ(got->agent_ids, s.agent_ids);
  EXPECT_EQ(got->create_time, s.create_time);
  ASSERT_TRUE(got->end_time.has_value());
  EXPECT_EQ(*got->end_time, *s.end_time);
  EXPECT_EQ(got->end_reason, "done");
  EXPECT_EQ(got->ended_by, EndedBy::kAgent);
  EXPECT_TRUE(got->stop_requested);
  EXPECT_EQ(got->stop_reason, "bot asked");
  EXPECT_EQ(got->ended_seq, 42);
  EXPECT_EQ(got->customer.access_token, "token-s1");
  EXPECT_EQ(got->customer.token_expires_at, kT0 + absl::Hours(1));
  EXPECT_EQ(got->customer.cookie_customer_id, "cid-s1");
  EXPECT_EQ(got->customer.cookie_secret, "cst-s1");
}

TEST(SqliteStore, OpenSessionHasNoEndTimeAndNoAgents) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_FALSE(got->end_time.has_value());
  EXPECT_TRUE(got->agent_ids.empty());
  EXPECT_EQ(got->ended_seq, 0);
  EXPECT_FALSE(got->ended());
}

TEST(SqliteStore, FindsSessionsByChatAndByStartRequestId) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "req-1").ok());
  ASSERT_TRUE(store->CreateSession(MakeSession("s2", "chat-2"), "req-2").ok());

  auto by_chat = store->FindSessionByChat("chat-2");
  ASSERT_TRUE(by_chat.ok()) << by_chat.status();
  ASSERT_TRUE(by_chat->has_value());
  EXPECT_EQ((*by_chat)->session_id, "s2");

  auto by_request = store->FindSessionByStartRequest("req-1");
  ASSERT_TRUE(by_request.ok()) << by_request.status();
  ASSERT_TRUE(by_request->has_value());
  EXPECT_EQ(**by_request, "s1");

  auto no_chat = store->FindSessionByChat("chat-unknown");
  ASSERT_TRUE(no_chat.ok());
  EXPECT_FALSE(no_chat->has_value());
  auto no_request = store->FindSessionByStartRequest("req-unknown");
  ASSERT_TRUE(no_request.ok());
  EXPECT_FALSE(no_request->has_value());
}

TEST(SqliteStore, SessionsWithoutStartRequestIdDoNotCollide) {
  auto store = OpenMemory();
  EXPECT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  EXPECT_TRUE(store->CreateSession(MakeSession("s2", "chat-2"), "").ok());
  auto none = store->FindSessionByStartRequest("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(SqliteStore, RefusesAReusedStartRequestIdWithAlreadyExists) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "req-1").ok());
  absl::Status status = store->CreateSession(MakeSession("s2", "chat-2"), "req-1");
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_FALSE(store->GetSession("s2").ok());
  auto owner = store->FindSessionByStartRequest("req-1");
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->value_or(""), "s1");
}

TEST(SqliteStore, RefusesASecondSessionForTheSameChatOrId) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  EXPECT_EQ(store->CreateSession(MakeSession("s2", "chat-1"), "").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store->CreateSession(MakeSession("s1", "chat-9"), "").code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(SqliteStore, UnknownSessionIsNotFoundWithReasonSessionNotFound) {
  auto store = OpenMemory();
  auto got = store->GetSession("nope");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(got.status()), reason::kSessionNotFound);
  EXPECT_TRUE(absl::StrContains(got.status().message(), "nope")) << got.status();
}

TEST(SqliteStore, DeleteSessionRemovesTheSessionItsJournalAndItsSentParts) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "req-1").ok());
  ASSERT_TRUE(store->CreateSession(MakeSession("s2", "chat-2"), "req-2").ok());
  ASSERT_TRUE(
      store->Commit(EntriesOnly({Entry("s1", "a"), Entry("s2", "b"), Entry("s1", "c")})).ok());
  ASSERT_TRUE(store->RecordSentPart("s1", "m1", 0, "e0").ok());

  ASSERT_TRUE(store->DeleteSession("s1").ok());

  EXPECT_EQ(store->GetSession("s1").status().code(), absl::StatusCode::kNotFound);
  auto by_chat = store->FindSessionByChat("chat-1");
  ASSERT_TRUE(by_chat.ok());
  EXPECT_FALSE(by_chat->has_value());
  auto by_request = store->FindSessionByStartRequest("req-1");
  ASSERT_TRUE(by_request.ok());
  EXPECT_FALSE(by_request->has_value());
  EXPECT_EQ(Payloads(ReadAll(*store)), std::vector<std::string>{"b"});
  auto parts = store->GetSentParts("s1", "m1");
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(parts->empty());
  // The other session is untouched, and the freed request id can be reused.
  EXPECT_TRUE(store->GetSession("s2").ok());
  EXPECT_TRUE(store->CreateSession(MakeSession("s3", "chat-1"), "req-1").ok());
}

TEST(SqliteStore, UpdateCustomerSecretsReplacesSecretsButNeverTheState) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  ASSERT_TRUE(store->CreateSession(s, "").ok());
  // A concurrent transition to active lands first...
  s.state = SessionState::kActive;
  s.agent_ids = {"agent@example.com"};
  JournalCommit commit;
  commit.session = s;
  ASSERT_TRUE(store->Commit(commit).ok());

  // ...and a token refresh that read the session earlier must not undo it.
  CustomerSecrets fresh{.access_token = "new-token",
                        .token_expires_at = kT0 + absl::Hours(2),
                        .cookie_customer_id = "new-cid",
                        .cookie_secret = "new-cst"};
  ASSERT_TRUE(store->UpdateCustomerSecrets("s1", fresh).ok());

  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, SessionState::kActive);
  EXPECT_EQ(got->agent_ids, std::vector<std::string>{"agent@example.com"});
  EXPECT_EQ(got->customer.access_token, "new-token");
  EXPECT_EQ(got->customer.token_expires_at, kT0 + absl::Hours(2));
  EXPECT_EQ(got->customer.cookie_customer_id, "new-cid");
  EXPECT_EQ(got->customer.cookie_secret, "new-cst");
}

TEST(SqliteStore, UpdateCustomerSecretsDoesNothingOnAnEndedSession) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  ASSERT_TRUE(store->CreateSession(s, "").ok());
  s.state = SessionState::kEnded;
  s.customer = CustomerSecrets{};  // wiped when the session ends
  JournalCommit end;
  end.session = s;
  ASSERT_TRUE(store->Commit(end).ok());

  CustomerSecrets late{.access_token = "late-token",
                       .token_expires_at = kT0 + absl::Hours(2),
                       .cookie_customer_id = "late-cid",
                       .cookie_secret = "late-cst"};
  EXPECT_TRUE(store->UpdateCustomerSecrets("s1", late).ok());

  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, SessionState::kEnded);
  EXPECT_EQ(got->customer.access_token, "");
  EXPECT_EQ(got->customer.cookie_customer_id, "");
  EXPECT_EQ(got->customer.cookie_secret, "");
  EXPECT_LT(got->customer.token_expires_at, kT0);
}

TEST(SqliteStore, KeepsAnInfinitePastTokenExpiryInfinite) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  s.customer = CustomerSecrets{};  // no token yet: expiry is InfinitePast()
  ASSERT_TRUE(store->CreateSession(s, "").ok());
  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->customer.token_expires_at, absl::InfinitePast());
}

TEST(SqliteStore, CommitForAMissingSessionFailsAndWritesNothing) {
  auto store = OpenMemory();
  JournalCommit commit;
  commit.dedup_key = "k";
  commit.session = MakeSession("ghost", "chat-ghost");
  commit.entries.push_back(JournalEntry{.session_id = "ghost", .payload = "x"});
  auto result = store->Commit(commit);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*store->LastSeq(), 0);
  commit.session.reset();  // the key was not used up by the failed commit
  EXPECT_FALSE(store->Commit(commit)->duplicate);
}

TEST(SqliteStore, CommitNeverDeletesAnotherSessionSharingTheChatId) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  ASSERT_TRUE(store->CreateSession(MakeSession("s2", "chat-2"), "").ok());
  JournalCommit commit;
  SessionRecord clash = MakeSession("s1", "chat-2");
  commit.session = clash;
  EXPECT_FALSE(store->Commit(commit).ok());
  EXPECT_TRUE(store->GetSession("s2").ok());
  EXPECT_EQ(store->GetSession("s1")->chat_id, "chat-1");
}

TEST(SqliteStore, MarkStopRequestedSetsFlagAndReasonOnly) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  s.state = SessionState::kActive;
  ASSERT_TRUE(store->CreateSession(s, "").ok());
  ASSERT_TRUE(store->MarkStopRequested("s1", "bot finished").ok());
  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->stop_requested);
  EXPECT_EQ(got->stop_reason, "bot finished");
  EXPECT_EQ(got->state, SessionState::kActive);
  EXPECT_EQ(got->customer.access_token, "token-s1");
}

TEST(SqliteStore, GetSentPartsReturnsContiguousPartsInPartOrder) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  // Recorded out of order, with a gap after part 2.
  ASSERT_TRUE(store->RecordSentPart("s1", "m1", 2, "e2").ok());
  ASSERT_TRUE(store->RecordSentPart("s1", "m1", 0, "e0").ok());
  ASSERT_TRUE(store->RecordSentPart("s1", "m1", 4, "e4").ok());
  ASSERT_TRUE(store->RecordSentPart("s1", "m1", 1, "e1").ok());
  ASSERT_TRUE(store->RecordSentPart("s1", "m2", 0, "other").ok());

  auto parts = store->GetSentParts("s1", "m1");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(*parts, (std::vector<std::string>{"e0", "e1", "e2"}));

  auto other = store->GetSentParts("s1", "m2");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, std::vector<std::string>{"other"});

  auto none = store->GetSentParts("s1", "m3");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(SqliteStore, GetSentPartsIsEmptyWhenPartZeroIsMissing) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->RecordSentPart("s1", "m1", 1, "e1").ok());
  auto parts = store->GetSentParts("s1", "m1");
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(parts->empty());
}

TEST(SqliteStore, CommitAssignsStrictlyIncreasingSeqsInCommitOrder) {
  auto store = OpenMemory();
  std::vector<int64_t> seqs;
  for (int i = 0; i < 5; ++i) {
    auto result = store->Commit(EntriesOnly(
        {Entry("s1", "p" + std::to_string(2 * i)), Entry("s2", "p" + std::to_string(2 * i + 1))}));
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_FALSE(result->duplicate);
    ASSERT_EQ(result->appended.size(), 2u);
    EXPECT_EQ(result->appended[0].payload, "p" + std::to_string(2 * i));
    EXPECT_EQ(result->appended[1].session_id, "s2");
    for (const auto& e : result->appended) seqs.push_back(e.seq);
  }
  for (size_t i = 1; i < seqs.size(); ++i) EXPECT_LT(seqs[i - 1], seqs[i]);
  EXPECT_GT(seqs.front(), 0);

  auto all = ReadAll(*store);
  EXPECT_EQ(Seqs(all), seqs);
  ASSERT_EQ(all.size(), 10u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].payload, "p" + std::to_string(i));
    EXPECT_EQ(all[i].recorded_at, kT0);
  }
  auto last = store->LastSeq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, seqs.back());
}

TEST(SqliteStore, CommitStoresBinaryPayloadsExactly) {
  auto store = OpenMemory();
  std::string payload("\0\x01\xff zero\0end", 12);
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s1", payload)})).ok());
  auto all = ReadAll(*store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].payload, payload);
}

TEST(SqliteStore, CommitWritesTheSessionAndSetsEndedSeqFromEndedEntry) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  ASSERT_TRUE(store->CreateSession(s, "req-1").ok());

  s.state = SessionState::kEnded;
  s.end_time = kT0 + absl::Minutes(1);
  s.ended_by = EndedBy::kLiveChat;
  s.end_reason = "chat closed";
  JournalCommit commit;
  commit.session = s;
  commit.entries = {Entry("s1", "last message"), Entry("s1", "ended")};
  commit.ended_entry = 1;
  auto result = store->Commit(commit);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->appended.size(), 2u);

  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, SessionState::kEnded);
  EXPECT_EQ(got->ended_by, EndedBy::kLiveChat);
  EXPECT_EQ(got->end_reason, "chat closed");
  EXPECT_EQ(got->ended_seq, result->appended[1].seq);
  // Replacing the record keeps the start request id it was created with.
  auto by_request = store->FindSessionByStartRequest("req-1");
  ASSERT_TRUE(by_request.ok());
  EXPECT_EQ(by_request->value_or(""), "s1");
}

TEST(SqliteStore, CommitWithoutEndedEntryKeepsTheGivenEndedSeq) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  ASSERT_TRUE(store->CreateSession(s, "").ok());
  s.state = SessionState::kActive;
  JournalCommit commit;
  commit.session = s;
  commit.entries = {Entry("s1", "assigned")};
  ASSERT_TRUE(store->Commit(commit).ok());
  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, SessionState::kActive);
  EXPECT_EQ(got->ended_seq, 0);
}

TEST(SqliteStore, DeduplicatesARedeliveredWebhook) {
  auto store = OpenMemory();
  SessionRecord s = MakeSession("s1", "chat-1");
  ASSERT_TRUE(store->CreateSession(s, "").ok());

  JournalCommit first;
  first.dedup_key = "webhook-1";
  first.received_at = kT0;
  s.state = SessionState::kActive;
  first.session = s;
  first.entries = {Entry("s1", "hello")};
  auto result = store->Commit(first);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->duplicate);
  auto last_before = store->LastSeq();
  ASSERT_TRUE(last_before.ok());

  JournalCommit again = first;
  s.state = SessionState::kEnded;
  again.session = s;
  again.entries = {Entry("s1", "hello"), Entry("s1", "more")};
  again.ended_entry = 1;
  auto dup = store->Commit(again);
  ASSERT_TRUE(dup.ok()) << dup.status();
  EXPECT_TRUE(dup->duplicate);
  EXPECT_TRUE(dup->appended.empty());

  EXPECT_EQ(Payloads(ReadAll(*store)), std::vector<std::string>{"hello"});
  auto got = store->GetSession("s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, SessionState::kActive);
  EXPECT_EQ(got->ended_seq, 0);
  auto last_after = store->LastSeq();
  ASSERT_TRUE(last_after.ok());
  EXPECT_EQ(*last_after, *last_before);
}

TEST(SqliteStore, CommitsWithoutDedupKeyAreNeverDuplicates) {
  auto store = OpenMemory();
  auto a = store->Commit(EntriesOnly({Entry("s1", "x")}));
  auto b = store->Commit(EntriesOnly({Entry("s1", "x")}));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->duplicate);
  EXPECT_FALSE(b->duplicate);
  EXPECT_EQ(ReadAll(*store).size(), 2u);
}

TEST(SqliteStore, ReadJournalFiltersBySessionIdsAndHonoursAfterSeqAndLimit) {
  auto store = OpenMemory();
  auto result = store->Commit(EntriesOnly({Entry("a", "a1"), Entry("b", "b1"), Entry("c", "c1"),
                                           Entry("a", "a2"), Entry("b", "b2"), Entry("a", "a3")}));
  ASSERT_TRUE(result.ok());
  const auto& seq = result->appended;

  auto only_a = store->ReadJournal(0, {"a"}, 100);
  ASSERT_TRUE(only_a.ok());
  EXPECT_EQ(Payloads(*only_a), (std::vector<std::string>{"a1", "a2", "a3"}));

  auto a_or_c = store->ReadJournal(0, {"a", "c"}, 100);
  ASSERT_TRUE(a_or_c.ok());
  EXPECT_EQ(Payloads(*a_or_c), (std::vector<std::string>{"a1", "c1", "a2", "a3"}));

  auto after = store->ReadJournal(seq[2].seq, {}, 100);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Payloads(*after), (std::vector<std::string>{"a2", "b2", "a3"}));
  EXPECT_EQ(after->front().seq, seq[3].seq);

  auto limited = store->ReadJournal(seq[0].seq, {}, 2);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(Payloads(*limited), (std::vector<std::string>{"b1", "c1"}));

  auto filtered_limited = store->ReadJournal(seq[0].seq, {"a", "b"}, 2);
  ASSERT_TRUE(filtered_limited.ok());
  EXPECT_EQ(Payloads(*filtered_limited), (std::vector<std::string>{"b1", "a2"}));

  auto none = store->ReadJournal(seq.back().seq, {}, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto unknown = store->ReadJournal(0, {"zzz"}, 100);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
}

TEST(SqliteStore, LastSeqIsZeroOnAnEmptyJournal) {
  auto store = OpenMemory();
  auto last = store->LastSeq();
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(*last, 0);
  auto pruned = store->PrunedThrough();
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 0);
}

TEST(SqliteStore, LastSeqSurvivesDeletingTheNewestRowsAndSeqsAreNeverReused) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("keep", "k")})).ok());
  auto doomed = store->Commit(EntriesOnly({Entry("s1", "x"), Entry("s1", "y")}));
  ASSERT_TRUE(doomed.ok());
  int64_t high = doomed->appended.back().seq;

  ASSERT_TRUE(store->DeleteSession("s1").ok());  // deletes the two newest rows
  auto last = store->LastSeq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, high);

  auto next = store->Commit(EntriesOnly({Entry("keep", "n")}));
  ASSERT_TRUE(next.ok());
  EXPECT_GT(next->appended[0].seq, high);
}

TEST(SqliteStore, PruneDeletesAnOldPrefixAndKeepsNewerEntries) {
  auto store = OpenMemory();
  auto result = store->Commit(EntriesOnly(
      {Entry("s", "old1", kT0), Entry("s", "old2", kT0 + absl::Seconds(1)),
       Entry("s", "new1", kT0 + absl::Seconds(10)), Entry("s", "new2", kT0 + absl::Seconds(11))}));
  ASSERT_TRUE(result.ok());
  const auto& seq = result->appended;

  auto deleted = store->Prune(kT0 + absl::Seconds(5));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 2);
  auto pruned = store->PrunedThrough();
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, seq[1].seq);
  EXPECT_EQ(Payloads(ReadAll(*store)), (std::vector<std::string>{"new1", "new2"}));
  auto last = store->LastSeq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, seq[3].seq);

  // Nothing older is left: pruning again deletes nothing and keeps the mark.
  auto again = store->Prune(kT0 + absl::Seconds(5));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  // An earlier cutoff never moves the mark back.
  ASSERT_TRUE(store->Prune(kT0).ok());
  pruned = store->PrunedThrough();
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, seq[1].seq);
}

TEST(SqliteStore, PruneCutoffIsExclusive) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s", "at-cutoff", kT0)})).ok());
  auto deleted = store->Prune(kT0);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0);
  EXPECT_EQ(ReadAll(*store).size(), 1u);
}

TEST(SqliteStore, PruneDeletesAWholePrefixEvenIfTheClockSteppedBack) {
  auto store = OpenMemory();
  // The second entry was recorded after the clock stepped back: it is older
  // than the first by timestamp, but newer by seq.
  auto result = store->Commit(
      EntriesOnly({Entry("s", "first", kT0 + absl::Seconds(10)), Entry("s", "second", kT0),
                   Entry("s", "third", kT0 + absl::Seconds(20))}));
  ASSERT_TRUE(result.ok());
  auto deleted = store->Prune(kT0 + absl::Seconds(5));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2);  // the prefix through "second", so no hole is left
  EXPECT_EQ(Payloads(ReadAll(*store)), std::vector<std::string>{"third"});
  auto pruned = store->PrunedThrough();
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, result->appended[1].seq);
}

TEST(SqliteStore, PruneForgetsOldDedupKeysSoTheyCanBeCommittedAgain) {
  auto store = OpenMemory();
  JournalCommit old_delivery;
  old_delivery.dedup_key = "old";
  old_delivery.received_at = kT0;
  old_delivery.entries = {Entry("s", "o", kT0)};
  JournalCommit new_delivery;
  new_delivery.dedup_key = "new";
  new_delivery.received_at = kT0 + absl::Hours(1);
  new_delivery.entries = {Entry("s", "n", kT0 + absl::Hours(1))};
  ASSERT_TRUE(store->Commit(old_delivery).ok());
  ASSERT_TRUE(store->Commit(new_delivery).ok());

  ASSERT_TRUE(store->Prune(kT0 + absl::Minutes(30)).ok());

  auto old_again = store->Commit(old_delivery);
  ASSERT_TRUE(old_again.ok());
  EXPECT_FALSE(old_again->duplicate);
  EXPECT_EQ(old_again->appended.size(), 1u);
  auto new_again = store->Commit(new_delivery);
  ASSERT_TRUE(new_again.ok());
  EXPECT_TRUE(new_again->duplicate);
}

TEST(SqliteStore, FileDatabaseKeepsEverythingAcrossReopen) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/hitl.db";
  int64_t last_seq = 0;
  int64_t pruned_through = 0;
  {
    auto opened = SqliteStore::Open(path);
    ASSERT_TRUE(opened.ok()) << opened.status();
    auto& store = **opened;
    SessionRecord s = MakeSession("s1", "chat-1");
    ASSERT_TRUE(store.CreateSession(s, "req-1").ok());
    ASSERT_TRUE(store.RecordSentPart("s1", "m1", 0, "e0").ok());
    ASSERT_TRUE(store.Commit(EntriesOnly({Entry("s1", "ancient", kT0 - absl::Hours(1))})).ok());
    JournalCommit commit;
    commit.dedup_key = "delivery-1";
    commit.received_at = kT0;
    s.state = SessionState::kActive;
    commit.session = s;
    commit.entries = {Entry("s1", "one"), Entry("s1", "two")};
    ASSERT_TRUE(store.Commit(commit).ok());
    ASSERT_TRUE(store.CreateSession(MakeSession("s2", "chat-2"), "").ok());
    ASSERT_TRUE(store.Commit(EntriesOnly({Entry("s2", "newest")})).ok());
    ASSERT_TRUE(store.Prune(kT0 - absl::Minutes(1)).ok());
    ASSERT_TRUE(store.DeleteSession("s2").ok());  // the newest row goes
    last_seq = *store.LastSeq();
    pruned_through = *store.PrunedThrough();
    ASSERT_GT(pruned_through, 0);
    store.Close();
  }

  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600) << "the database holds customer tokens";

  auto reopened = SqliteStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  auto& store = **reopened;
  EXPECT_TRUE(store.Ping().ok());
  auto session = store.GetSession("s1");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->state, SessionState::kActive);
  EXPECT_EQ(session->customer.access_token, "token-s1");
  auto by_request = store.FindSessionByStartRequest("req-1");
  ASSERT_TRUE(by_request.ok());
  EXPECT_EQ(by_request->value_or(""), "s1");
  auto parts = store.GetSentParts("s1", "m1");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(*parts, std::vector<std::string>{"e0"});
  EXPECT_EQ(Payloads(ReadAll(store)), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(*store.LastSeq(), last_seq);
  EXPECT_EQ(*store.PrunedThrough(), pruned_through);

  JournalCommit redelivered;
  redelivered.dedup_key = "delivery-1";
  redelivered.entries = {Entry("s1", "one")};
  auto dup = store.Commit(redelivered);
  ASSERT_TRUE(dup.ok());
  EXPECT_TRUE(dup->duplicate);

  auto next = store.Commit(EntriesOnly({Entry("s1", "three")}));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->appended[0].seq, last_seq + 1);
}

TEST(SqliteStore, RefusesADatabaseWrittenByANewerSchemaNamingHitlDb) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/hitl.db";
  {
    auto opened = SqliteStore::Open(path);
    ASSERT_TRUE(opened.ok()) << opened.status();
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value = 999 WHERE key = 'schema_version'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto reopened = SqliteStore::Open(path);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), "HITL_DB")) << reopened.status();
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), "newer")) << reopened.status();
}

TEST(SqliteStore, CallsAfterCloseFailWithUnavailable) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1"), "").ok());
  store->Close();
  store->Close();  // idempotent

  const auto kUnavailable = absl::StatusCode::kUnavailable;
  EXPECT_EQ(store->CreateSession(MakeSession("s2", "chat-2"), "").code(), kUnavailable);
  EXPECT_EQ(store->GetSession("s1").status().code(), kUnavailable);
  EXPECT_EQ(store->FindSessionByChat("chat-1").status().code(), kUnavailable);
  EXPECT_EQ(store->FindSessionByStartRequest("r").status().code(), kUnavailable);
  EXPECT_EQ(store->DeleteSession("s1").code(), kUnavailable);
  EXPECT_EQ(store->UpdateCustomerSecrets("s1", CustomerSecrets{}).code(), kUnavailable);
  EXPECT_EQ(store->MarkStopRequested("s1", "x").code(), kUnavailable);
  EXPECT_EQ(store->GetSentParts("s1", "m").status().code(), kUnavailable);
  EXPECT_EQ(store->RecordSentPart("s1", "m", 0, "e").code(), kUnavailable);
  EXPECT_EQ(store->Commit(EntriesOnly({Entry("s1", "x")})).status().code(), kUnavailable);
  EXPECT_EQ(store->ReadJournal(0, {}, 10).status().code(), kUnavailable);
  EXPECT_EQ(store->LastSeq().status().code(), kUnavailable);
  EXPECT_EQ(store->PrunedThrough().status().code(), kUnavailable);
  EXPECT_EQ(store->Prune(kT0).status().code(), kUnavailable);
  EXPECT_EQ(store->Ping().code(), kUnavailable);
}

TEST(SqliteStore, PingIsOkWhileOpen) {
  auto store = OpenMemory();
  EXPECT_TRUE(store->Ping().ok());
}

TEST(SqliteStore, OpenOnAnUnwritablePathFailsNamingHitlDb) {
  testing::TempDir dir;
  // A path below a regular file cannot be created, whoever runs the test.
  const std::string file = dir.path() + "/plain-file";
  std::ofstream(file) << "not a directory";
  auto opened = SqliteStore::Open(file + "/hitl.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "HITL_DB")) << opened.status();
  EXPECT_TRUE(absl::StrContains(opened.status().message(), file)) << opened.status();
}

TEST(SqliteStore, OpenOnADirectoryFailsNamingHitlDb) {
  testing::TempDir dir;
  auto opened = SqliteStore::Open(dir.path());
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "HITL_DB")) << opened.status();
}

TEST(SqliteStore, OpenOnAFileThatIsNotADatabaseFailsNamingHitlDb) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/garbage.db";
  std::ofstream(path) << std::string(4096, 'x');
  auto opened = SqliteStore::Open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(absl::StrContains(opened.status().message(), "HITL_DB")) << opened.status();
}

}  // namespace
}  // namespace hitl::store

namespace hitl::store {
namespace {

TEST(SqliteStoreV2, SkipsEntriesWhoseKeyWasJournaledAndKeepsTheEndedSeqRight) {
  auto store = *SqliteStore::Open(":memory:");
  SessionRecord s;
  s.session_id = "s1";
  s.chat_id = "c1";
  ASSERT_TRUE(store->CreateSession(s, "").ok());
  JournalCommit first;
  first.entries.push_back(JournalEntry{.session_id = "s1", .payload = "a", .dedup_key = "ev/1"});
  ASSERT_EQ(store->Commit(first)->appended.size(), 1u);
  JournalCommit end;
  end.session = s;
  end.session->state = SessionState::kEnded;
  end.entries.push_back(JournalEntry{.session_id = "s1", .payload = "a", .dedup_key = "ev/1"});
  end.entries.push_back(JournalEntry{.session_id = "s1", .payload = "b", .dedup_key = "ev/2"});
  end.entries.push_back(JournalEntry{.session_id = "s1", .payload = "end"});
  end.ended_entry = 2;
  auto result = store->Commit(end);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->appended.size(), 2u);  // ev/1 was there already
  EXPECT_EQ(result->appended[0].payload, "b");
  EXPECT_EQ(store->GetSession("s1")->ended_seq, result->appended[1].seq);
}

TEST(SqliteStoreV2, TracksStopRoutingAndOpenSessions) {
  auto store = *SqliteStore::Open(":memory:");
  for (const char* id : {"a", "b", "c"}) {
    SessionRecord s;
    s.session_id = id;
    s.chat_id = std::string("chat-") + id;
    s.opening_event_ids = {"T_1", "T_2"};
    ASSERT_TRUE(store->CreateSession(s, "").ok());
  }
  ASSERT_TRUE(store->MarkStopRequested("a", "bye").ok());
  ASSERT_TRUE(store->ClearStopRequested("a").ok());
  EXPECT_FALSE(store->GetSession("a")->stop_requested);
  EXPECT_FALSE(store->GetSession("b")->routed);
  ASSERT_TRUE(store->MarkRouted("b").ok());
  EXPECT_TRUE(store->GetSession("b")->routed);
  EXPECT_EQ(store->GetSession("c")->opening_event_ids, (std::vector<std::string>{"T_1", "T_2"}));
  JournalCommit end;
  end.session = *store->GetSession("b");
  end.session->state = SessionState::kEnded;
  ASSERT_TRUE(store->Commit(end).ok());
  auto open = store->ListOpenSessions("", 10);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].session_id, "a");
  EXPECT_EQ((*open)[1].session_id, "c");
  EXPECT_EQ(store->ListOpenSessions("a", 10)->size(), 1u);
}

TEST(SqliteStoreV2, UpgradesAVersionOneDatabase) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/v1.db";
  {
    // What the first release wrote: no routed/opening/transfer columns.
    auto store = *SqliteStore::Open(path);
    store->Close();
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    for (const char* sql :
         {"ALTER TABLE sessions DROP COLUMN routed",
          "ALTER TABLE sessions DROP COLUMN opening_event_ids",
          "ALTER TABLE sessions DROP COLUMN last_transfer_hash",
          "UPDATE meta SET value = 1 WHERE key = 'schema_version'",
          "INSERT INTO sessions (session_id, chat_id, thread_id, customer_id, user_id, group_id, "
          "state, agent_ids, create_time_us, end_reason, ended_by, stop_requested, stop_reason, "
          "ended_seq, customer_token, customer_token_expiry_us, customer_cookie_id, "
          "customer_cookie_secret) VALUES ('old', 'chat-old', 't', 'c', 'u', 0, 1, '', 0, '', 0, "
          "0, '', 0, '', 0, '', '')"}) {
      ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    }
    sqlite3_close(db);
  }
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  auto old = (*store)->GetSession("old");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_TRUE(old->routed);  // v1 stored sessions only once routed
  EXPECT_TRUE(old->opening_event_ids.empty());
}

}  // namespace
}  // namespace hitl::store

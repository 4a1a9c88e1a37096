// What the Redis store does beyond the contract suite (redis_backend.cc):
// its URL, record and key formats, its durability check, and how it lives
// through a Redis that crashes, hangs, restarts or forgets its scripts. A
// real redis-server per test, on 127.0.0.1.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/store/redis_connection.h"
#include "server/store/redis_connector.h"
#include "server/store/redis_durability.h"
#include "server/store/redis_keys.h"
#include "server/store/redis_store.h"
#include "server/store/redis_url.h"
#include "server/store/session_codec.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_clock.h"
#include "tests/support/log_capture.h"
#include "tools/processes/redis_server.h"

namespace hitl::testing {
namespace {

using store::JournalCommit;
using store::JournalEntry;
using store::ParseRedisUrl;
using store::RedisConnection;
using store::RedisOptions;
using store::RedisReply;
using store::RedisStore;
using store::RedisUrl;
using store::SessionRecord;

const absl::Time kT0 = absl::FromUnixSeconds(1750000000);
constexpr char kPassword[] = "hunter2-very-secret";

template <typename T>
T ValueOf(absl::StatusOr<T> result) {
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : T{};
}

void ExpectStoreUnavailable(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(ErrorReason(status), reason::kStoreFailure) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "Redis store")) << status;
}

SessionRecord MakeSession(const std::string& id, const std::string& chat) {
  SessionRecord s;
  s.session_id = id;
  s.chat_id = chat;
  s.create_time = kT0;
  s.customer.access_token = "token-" + id;
  return s;
}

JournalCommit EntriesOnly(std::vector<JournalEntry> entries) {
  JournalCommit commit;
  commit.entries = std::move(entries);
  return commit;
}

JournalEntry Entry(const std::string& session_id, const std::string& payload,
                   absl::Time recorded_at = kT0) {
  return JournalEntry{.session_id = session_id, .recorded_at = recorded_at, .payload = payload};
}

// A free port on 127.0.0.1 with nothing listening on it (the server we
// start and kill at once keeps it from being handed out again meanwhile).
int DeadPort() {
  auto server = RedisServer::Start();
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return 1;
  int port = (*server)->port();
  (*server)->Kill();
  return port;
}

// ---- HITL_REDIS_URL

TEST(RedisUrl, ParsesHostPortAndDatabase) {
  RedisUrl url = ValueOf(ParseRedisUrl("redis://127.0.0.1:6380/2"));
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 6380);
  EXPECT_EQ(url.db, 2);
  EXPECT_EQ(url.user, "");
  EXPECT_EQ(url.password, "");
  EXPECT_EQ(url.Address(), "127.0.0.1:6380");
}

TEST(RedisUrl, DefaultsToPort6379AndDatabaseZero) {
  for (const char* text : {"redis://redis.internal", "redis://redis.internal/",
                           "REDIS://redis.internal:6379/0"}) {
    RedisUrl url = ValueOf(ParseRedisUrl(text));
    EXPECT_EQ(url.host, "redis.internal") << text;
    EXPECT_EQ(url.port, 6379) << text;
    EXPECT_EQ(url.db, 0) << text;
  }
}

TEST(RedisUrl, ParsesAPasswordWithOrWithoutAUser) {
  RedisUrl bare = ValueOf(ParseRedisUrl("redis://:s3cret@h:1"));
  EXPECT_EQ(bare.user, "");
  EXPECT_EQ(bare.password, "s3cret");
  RedisUrl named = ValueOf(ParseRedisUrl("redis://app:s3cret@h:1/4"));
  EXPECT_EQ(named.user, "app");
  EXPECT_EQ(named.password, "s3cret");
  EXPECT_EQ(named.db, 4);
}

TEST(RedisUrl, DecodesPercentEscapesAndKeepsAnUnescapedAtInThePassword) {
  EXPECT_EQ(ValueOf(ParseRedisUrl("redis://:p%40ss%3Aw%2F@h:1")).password, "p@ss:w/");
  RedisUrl url = ValueOf(ParseRedisUrl("redis://:a@b:c@h:1"));
  EXPECT_EQ(url.password, "a@b:c");
  EXPECT_EQ(url.host, "h");
}

TEST(RedisUrl, ParsesBracketedIpv6Hosts) {
  RedisUrl url = ValueOf(ParseRedisUrl("redis://[::1]:6390"));
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 6390);
  EXPECT_EQ(url.Address(), "[::1]:6390");
}

TEST(RedisUrl, RejectsMalformedUrlsNamingTheSettingButNeverThePassword) {
  const std::string p = kPassword;
  for (const std::string& text : std::vector<std::string>{
           "", "http://h:1", "rediss://:" + p + "@h:1", "redis://:" + p + "@",
        "redis://:" + p + "@h:0", "redis://:" + p + "@h:99999", "redis://:" + p + "@h:-1",
        "redis://:" + p + "@h:abc", "redis://:" + p + "@h:", "redis://:" + p + "@h:1/x",
        "redis://:" + p + "@h:1/-1", "redis://" + p + "@h:1", "redis://:" + p + "@h:1?db=1",
        "redis://:" + p + "%zz@h:1", "redis://:" + p + "@[::1:1", "redis://h:" + p,
        "redis://:" + p + "@h:1#x"}) {
    auto url = ParseRedisUrl(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_TRUE(absl::StrContains(url.status().message(), "HITL_REDIS_URL")) << url.status();
    EXPECT_FALSE(absl::StrContains(url.status().message(), p)) << url.status();
  }
}

TEST(RedisUrl, AddressLeavesOutTheCredentials) {
  RedisUrl url = ValueOf(ParseRedisUrl(absl::StrCat("redis://app:", kPassword, "@h:7/1")));
  EXPECT_EQ(url.Address(), "h:7");
}

// ---- records

TEST(SessionCodec, RoundTripsEveryFieldExactly) {
  SessionRecord s = MakeSession("s1", "chat-1");
  s.thread_id = "thread";
  s.customer_id = "customer";
  s.user_id = "user";
  s.group_id = -(int64_t{1} << 60);
  s.state = store::SessionState::kEnded;
  s.agent_ids = {"a@example.com", "", "b"};
  s.create_time = kT0 + absl::Microseconds(123457);
  s.end_time = kT0 + absl::Hours(2);
  s.end_reason = "done \xE2\x9C\x93";
  s.ended_by = store::EndedBy::kLiveChat;
  s.routed = true;
  s.opening_event_ids = {"T_1"};
  s.last_transfer_hash = "hash";
  s.stop_requested = true;
  s.stop_reason = "why";
  s.customer.token_expires_at = absl::InfiniteFuture();
  s.customer.cookie_customer_id = "cid";
  s.customer.cookie_secret = "cst";
  SessionRecord got = ValueOf(store::DecodeSession(ValueOf(store::EncodeSession(s))));
  EXPECT_EQ(got.session_id, s.session_id);
  EXPECT_EQ(got.chat_id, s.chat_id);
  EXPECT_EQ(got.thread_id, s.thread_id);
  EXPECT_EQ(got.customer_id, s.customer_id);
  EXPECT_EQ(got.user_id, s.user_id);
  EXPECT_EQ(got.group_id, s.group_id);
  EXPECT_EQ(got.state, s.state);
  EXPECT_EQ(got.agent_ids, s.agent_ids);
  EXPECT_EQ(got.create_time, s.create_time);
  EXPECT_EQ(got.end_time, s.end_time);
  EXPECT_EQ(got.end_reason, s.end_reason);
  EXPECT_EQ(got.ended_by, s.ended_by);
  EXPECT_EQ(got.routed, s.routed);
  EXPECT_EQ(got.opening_event_ids, s.opening_event_ids);
  EXPECT_EQ(got.last_transfer_hash, s.last_transfer_hash);
  EXPECT_EQ(got.stop_requested, s.stop_requested);
  EXPECT_EQ(got.stop_reason, s.stop_reason);
  EXPECT_EQ(got.customer.access_token, s.customer.access_token);
  EXPECT_EQ(got.customer.token_expires_at, absl::InfiniteFuture());
  EXPECT_EQ(got.customer.cookie_customer_id, s.customer.cookie_customer_id);
  EXPECT_EQ(got.customer.cookie_secret, s.customer.cookie_secret);
}

TEST(SessionCodec, KeepsTheInfinitePastAndAMissingEndTime) {
  SessionRecord s = MakeSession("s1", "chat-1");
  s.customer.token_expires_at = absl::InfinitePast();
  SessionRecord got = ValueOf(store::DecodeSession(ValueOf(store::EncodeSession(s))));
  EXPECT_EQ(got.customer.token_expires_at, absl::InfinitePast());
  EXPECT_FALSE(got.end_time.has_value());
}

TEST(SessionCodec, ReportsCorruptBytesAsDataLossWithoutThrowing) {
  for (absl::string_view bytes :
       {"", "{", "[]", "null", R"({"format":1})", R"({"format":2,"session_id":"s"})",
        R"({"format":1,"session_id":5,"chat_id":"c","state":1,"create_time_us":0,"customer":{}})",
        R"({"format":1,"session_id":"s","chat_id":"c","state":9,"create_time_us":0,"customer":{}})",
        R"({"format":1,"session_id":"s","chat_id":"c","state":1,"create_time_us":"x","customer":{}})"}) {
    EXPECT_EQ(store::DecodeSession(bytes).status().code(), absl::StatusCode::kDataLoss) << bytes;
  }
}

TEST(SessionCodec, RefusesBytesThatAreNotUtf8WithoutQuotingThem) {
  SessionRecord s = MakeSession("s1", "chat-1");
  s.customer.cookie_secret = "secret\xff\xfe";
  auto encoded = store::EncodeSession(s);
  EXPECT_EQ(encoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StrContains(encoded.status().message(), "secret\xff")) << encoded.status();
}

// ---- keys and durability settings

TEST(RedisKeys, EveryKeyStartsWithTheOneHashTag) {
  store::RedisKeys keys("tenant-a");
  for (const std::string& key :
       {keys.Session("s"), keys.Chat("c"), keys.Open(), keys.Journal(), keys.Seq(),
        keys.SessionJournal("s"), keys.SessionJournals(), keys.Deliveries(), keys.Pruned(),
        keys.Idempotency("k"), keys.Lease("l")}) {
    EXPECT_TRUE(absl::StartsWith(key, "{tenant-a}:")) << key;
  }
}

TEST(RedisKeys, RejectsPrefixesThatWouldBreakTheHashTag) {
  for (absl::string_view prefix : {"", "a{b", "a}b", "{hitl}"}) {
    EXPECT_EQ(store::ValidateKeyPrefix(prefix).code(), absl::StatusCode::kInvalidArgument)
        << prefix;
  }
  EXPECT_TRUE(store::ValidateKeyPrefix("hitl:prod").ok());
}

RedisReply Reply(RedisReply::Kind kind, const std::string& text = "") {
  RedisReply reply;
  reply.kind = kind;
  reply.text = text;
  return reply;
}

RedisReply Config(const std::string& name, const std::string& value) {
  RedisReply reply = Reply(RedisReply::Kind::kArray);
  reply.elements = {Reply(RedisReply::Kind::kString, name),
                    Reply(RedisReply::Kind::kString, value)};
  return reply;
}

TEST(RedisDurability, OnlyAppendonlyWithFsyncAlwaysIsDurable) {
  using Verdict = store::DurabilityCheck::Verdict;
  EXPECT_EQ(store::JudgeDurability(Config("appendonly", "yes"), Config("appendfsync", "always"))
                .verdict,
            Verdict::kDurable);
  EXPECT_EQ(store::JudgeDurability(Config("appendonly", "no"), Config("appendfsync", "always"))
                .verdict,
            Verdict::kMayLoseWrites);
  EXPECT_EQ(
      store::JudgeDurability(Config("appendonly", "yes"), Config("appendfsync", "everysec"))
          .verdict,
      Verdict::kMayLoseWrites);
  RedisReply forbidden = Reply(RedisReply::Kind::kError, "NOPERM no CONFIG for you");
  EXPECT_EQ(store::JudgeDurability(forbidden, forbidden).verdict, Verdict::kUnknown);
  EXPECT_EQ(store::JudgeDurability(RedisReply{}, RedisReply{}).verdict, Verdict::kUnknown);
}

// ---- reconnection pacing

TEST(RedisConnector, BacksOffAfterFailedAttemptsAndFailsFastInBetween) {
  FakeClock clock;
  int attempts = 0;
  store::RedisConnector connector(
      store::RedisConnectionOptions{}, clock,
      [&](const store::RedisConnectionOptions&)
          -> absl::StatusOr<std::unique_ptr<RedisConnection>> {
        ++attempts;
        return absl::UnavailableError("refused");
      });
  EXPECT_FALSE(connector.Connect().ok());
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(connector.Connect().status().message(), "refused");  // no new attempt
  EXPECT_EQ(attempts, 1);
  clock.Advance(store::RedisConnector::kFirstBackoff);
  EXPECT_FALSE(connector.Connect().ok());
  EXPECT_EQ(attempts, 2);
  clock.Advance(store::RedisConnector::kFirstBackoff);  // now it waits twice as long
  EXPECT_FALSE(connector.Connect().ok());
  EXPECT_EQ(attempts, 2);
  clock.Advance(store::RedisConnector::kFirstBackoff);
  EXPECT_FALSE(connector.Connect().ok());
  EXPECT_EQ(attempts, 3);
  for (int i = 0; i < 20; ++i) {
    clock.Advance(store::RedisConnector::kMaxBackoff);
    EXPECT_FALSE(connector.Connect().ok());
  }
  EXPECT_EQ(attempts, 23) << "the backoff never exceeds kMaxBackoff";
}

// ---- the store on a real Redis

class RedisStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::Installed()) GTEST_SKIP() << "redis-server is not installed";
    server_ = StartServer();
  }

  std::unique_ptr<RedisServer> StartServer(RedisServer::Options options = {}) {
    auto server = RedisServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  std::unique_ptr<RedisServer> StartServerWith(std::vector<std::string> extra_args) {
    RedisServer::Options options;
    options.extra_args = std::move(extra_args);
    return StartServer(options);
  }

  RedisOptions Options() const {
    RedisOptions options;
    options.url = server_->url();
    options.command_timeout = kCommandTimeout;
    options.connect_timeout = kCommandTimeout;
    return options;
  }

  std::unique_ptr<RedisStore> Open(const RedisOptions& options) {
    auto store = RedisStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }
  std::unique_ptr<RedisStore> Open() { return Open(Options()); }

  // A command on a connection of the test's own (not through the store).
  RedisReply Raw(const std::vector<std::string>& command, const std::string& url = "") {
    store::RedisConnectionOptions options;
    options.target = ValueOf(ParseRedisUrl(url.empty() ? server_->url() : url));
    auto connection = RedisConnection::Open(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    if (!connection.ok()) return RedisReply{};
    return ValueOf((*connection)->Command(command));
  }

  std::vector<std::string> AllKeys(const std::string& url = "") {
    std::vector<std::string> keys;
    for (const RedisReply& key : Raw({"KEYS", "*"}, url).elements) keys.push_back(key.text);
    return keys;
  }

  int BlockedClients() {
    std::string info = Raw({"INFO", "clients"}).text;
    size_t at = info.find("blocked_clients:");
    return at == std::string::npos ? -1 : std::atoi(info.c_str() + at + 16);
  }

  static constexpr absl::Duration kCommandTimeout = absl::Milliseconds(500);
  std::unique_ptr<RedisServer> server_;
};

TEST_F(RedisStoreTest, OpenFailsUnavailableNamingTheAddressWhenNothingListens) {
  const int port = DeadPort();
  RedisOptions options = Options();
  options.url = absl::StrCat("redis://:", kPassword, "@127.0.0.1:", port);
  auto store = RedisStore::Open(options);
  ExpectStoreUnavailable(store.status());
  EXPECT_TRUE(absl::StrContains(store.status().message(), "HITL_REDIS_URL")) << store.status();
  EXPECT_TRUE(absl::StrContains(store.status().message(), absl::StrCat("127.0.0.1:", port)))
      << store.status();
  EXPECT_FALSE(absl::StrContains(store.status().message(), kPassword)) << store.status();
}

TEST_F(RedisStoreTest, OpenRejectsOptionsThatCannotWork) {
  RedisOptions bad_prefix = Options();
  bad_prefix.key_prefix = "a}b";
  EXPECT_EQ(RedisStore::Open(bad_prefix).status().code(), absl::StatusCode::kInvalidArgument);
  RedisOptions no_pool = Options();
  no_pool.pool_size = 0;
  EXPECT_EQ(RedisStore::Open(no_pool).status().code(), absl::StatusCode::kInvalidArgument);
  RedisOptions bad_url = Options();
  bad_url.url = "localhost:6379";
  EXPECT_EQ(RedisStore::Open(bad_url).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RedisStoreTest, OpensOnARedisThatIsNotDurableButWarnsThatEventsCouldBeLost) {
  RedisServer::Options lax;
  lax.durable = false;
  ASSERT_NE(server_ = StartServer(lax), nullptr);
  LogCapture log;
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->Ping().ok());
  EXPECT_TRUE(absl::StrContains(log.Text(), "appendonly=no")) << log.Text();
  EXPECT_TRUE(absl::StrContains(log.Text(), "could be lost if Redis crashes")) << log.Text();
}

TEST_F(RedisStoreTest, DurableRedisOpensWithoutADurabilityWarning) {
  LogCapture log;
  ASSERT_NE(Open(), nullptr);
  EXPECT_FALSE(absl::StrContains(log.Text(), "could be lost")) << log.Text();
}

TEST_F(RedisStoreTest, OpensWhenConfigIsForbiddenAndWarnsThatDurabilityWasNotChecked) {
  ASSERT_NE(server_ = StartServerWith({"--rename-command", "CONFIG", ""}), nullptr);
  LogCapture log;
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->Commit(EntriesOnly({Entry("s", "x")})).ok());
  EXPECT_TRUE(absl::StrContains(log.Text(), "could not check")) << log.Text();
}

TEST_F(RedisStoreTest, AuthenticatesWithThePasswordAndNeverLogsOrEchoesIt) {
  ASSERT_NE(server_ = StartServerWith({"--requirepass", kPassword}), nullptr);
  LogCapture log;
  RedisOptions options = Options();
  options.url = absl::StrCat("redis://:wrong-password@127.0.0.1:", server_->port());
  auto refused = RedisStore::Open(options);
  ExpectStoreUnavailable(refused.status());
  EXPECT_FALSE(absl::StrContains(refused.status().message(), "wrong-password"))
      << refused.status();

  options.password = kPassword;  // HITL_REDIS_PASSWORD_FILE overrides the URL's
  std::unique_ptr<RedisStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->Commit(EntriesOnly({Entry("s", "x")})).ok());

  RedisOptions in_url = Options();
  in_url.url = absl::StrCat("redis://default:", kPassword, "@127.0.0.1:", server_->port());
  EXPECT_NE(Open(in_url), nullptr);

  ExpectStoreUnavailable(RedisStore::Open(Options()).status());
  EXPECT_FALSE(absl::StrContains(log.Text(), kPassword)) << log.Text();
}

TEST_F(RedisStoreTest, UsesTheDatabaseTheUrlNames) {
  RedisOptions options = Options();
  options.url = server_->url() + "/3";
  std::unique_ptr<RedisStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s", "x")})).ok());
  EXPECT_TRUE(AllKeys().empty());
  EXPECT_FALSE(AllKeys(server_->url() + "/3").empty());
}

TEST_F(RedisStoreTest, EveryKeyItWritesCarriesTheHashTagOfItsPrefix) {
  for (const char* prefix : {"hitl", "tenant-a"}) {
    RedisOptions options = Options();
    options.key_prefix = prefix;
    std::unique_ptr<RedisStore> store = Open(options);
    ASSERT_NE(store, nullptr);
    SessionRecord s = ValueOf(store->CreateSession(MakeSession("s1", "chat-1")));
    ASSERT_TRUE(store->CreateSession(MakeSession("s2", "chat-2")).ok());
    JournalCommit commit;
    commit.dedup_key = "delivery-1";
    commit.received_at = kT0;
    commit.session = s;
    commit.entries = {Entry("s1", "old", kT0 - absl::Hours(1)),
                      JournalEntry{.session_id = "s1", .recorded_at = kT0, .payload = "new",
                                   .dedup_key = "event-1"}};
    ASSERT_TRUE(store->Commit(commit).ok());
    ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s2", "x")})).ok());
    ASSERT_TRUE(store->Prune(kT0 - absl::Minutes(1)).ok());
    ASSERT_TRUE(store->Reserve("start/r1", "attempt-1", absl::Minutes(1)).ok());
    ASSERT_TRUE(store->SaveProgress("start/r1", "attempt-1", "p", absl::Minutes(1)).ok());
    ASSERT_TRUE(ValueOf(store->AcquireLease("retention", "replica-1", absl::Minutes(1))));
    ASSERT_TRUE(store->DeleteSession("s2").ok());
  }
  std::vector<std::string> keys = AllKeys();
  EXPECT_GE(keys.size(), 20u);
  for (const std::string& key : keys) {
    EXPECT_TRUE(absl::StartsWith(key, "{hitl}:") || absl::StartsWith(key, "{tenant-a}:")) << key;
  }
  // The two prefixes do not see each other's data.
  EXPECT_EQ(Raw({"HGET", "{tenant-a}:session:s1", "c"}).text, "chat-1");
  EXPECT_TRUE(Raw({"EXISTS", "{hitl}:session:s2"}).integer == 0);
}

TEST_F(RedisStoreTest, DeleteSessionLeavesNoKeyOfTheSessionBehind) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->CreateSession(MakeSession("s1", "chat-1")).ok());
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s1", "a"), Entry("s1", "b")})).ok());
  ASSERT_TRUE(store->DeleteSession("s1").ok());
  for (const char* key : {"{hitl}:session:s1", "{hitl}:chat:chat-1", "{hitl}:sjournal:s1"}) {
    EXPECT_EQ(Raw({"EXISTS", key}).integer, 0) << key;
  }
  EXPECT_EQ(Raw({"SISMEMBER", "{hitl}:sjournals", "s1"}).integer, 0);
  EXPECT_EQ(Raw({"ZSCORE", "{hitl}:open", "s1"}).kind, RedisReply::Kind::kNil);
  EXPECT_EQ(Raw({"XLEN", "{hitl}:journal"}).integer, 0);
}

TEST_F(RedisStoreTest, PruneAlsoTrimsPerSessionStreamsAndForgetsEmptyOnes) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("gone", "g1", kT0), Entry("both", "b1", kT0),
                                         Entry("both", "b2", kT0 + absl::Hours(1))}))
                  .ok());
  EXPECT_EQ(ValueOf(store->Prune(kT0 + absl::Minutes(1))), 2);
  EXPECT_TRUE(ValueOf(store->ReadJournal(0, {"gone"}, 10)).empty());
  std::vector<JournalEntry> both = ValueOf(store->ReadJournal(0, {"both"}, 10));
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].payload, "b2");
  EXPECT_EQ(Raw({"EXISTS", "{hitl}:sjournal:gone"}).integer, 0);
  EXPECT_EQ(Raw({"SISMEMBER", "{hitl}:sjournals", "gone"}).integer, 0);
  EXPECT_EQ(Raw({"SISMEMBER", "{hitl}:sjournals", "both"}).integer, 1);
}

TEST_F(RedisStoreTest, PruneStopsScanningOnceEntriesAreWellPastTheCutoff) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  // An entry stamped before the cutoff but committed after entries far
  // newer than it stays: past the allowed clock skew the scan has ended.
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s", "old", kT0),
                                         Entry("s", "new", kT0 + absl::Hours(1)),
                                         Entry("s", "stray", kT0)}))
                  .ok());
  EXPECT_EQ(ValueOf(store->Prune(kT0 + absl::Seconds(1))), 1);
  EXPECT_EQ(ValueOf(store->ReadJournal(0, {}, 10)).size(), 2u);
}

TEST_F(RedisStoreTest, AcknowledgedCommitsSurviveKillNineAndTheSameStoreRecovers) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  SessionRecord s = ValueOf(store->CreateSession(MakeSession("s1", "chat-1")));
  std::vector<int64_t> seqs;
  for (int i = 0; i < 50; ++i) {
    JournalCommit commit;
    commit.dedup_key = absl::StrCat("delivery-", i);
    commit.received_at = kT0;
    commit.session = s;
    commit.session->agent_ids.push_back(absl::StrCat("agent-", i));
    commit.entries = {Entry("s1", absl::StrCat("event-", i))};
    store::CommitResult result = ValueOf(store->Commit(commit));
    ASSERT_EQ(result.appended.size(), 1u);
    seqs.push_back(result.appended[0].seq);
    s = *result.session;
  }
  server_->Kill();
  ExpectStoreUnavailable(store->Ping());
  ASSERT_TRUE(server_->Restart().ok()) << server_->Output();

  ASSERT_TRUE(Eventually([&] { return store->Ping().ok(); }));
  std::vector<JournalEntry> all = ValueOf(store->ReadJournal(0, {}, 1000));
  ASSERT_EQ(all.size(), 50u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, seqs[i]);
    EXPECT_EQ(all[i].payload, absl::StrCat("event-", i));
  }
  SessionRecord got = ValueOf(store->GetSession("s1"));
  EXPECT_EQ(got.version, 51);
  EXPECT_EQ(got.agent_ids.size(), 50u);
  EXPECT_EQ(ValueOf(store->LastSeq()), seqs.back());
  JournalCommit again;
  again.dedup_key = "delivery-49";
  EXPECT_TRUE(ValueOf(store->Commit(again)).duplicate);
  store::CommitResult next = ValueOf(store->Commit(EntriesOnly({Entry("s1", "after")})));
  ASSERT_EQ(next.appended.size(), 1u);
  EXPECT_EQ(next.appended[0].seq, seqs.back() + 1);
}

TEST_F(RedisStoreTest, CallsFailFastWhileRedisIsDownAndSucceedOnceItIsBack) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  SessionRecord s = ValueOf(store->CreateSession(MakeSession("s1", "chat-1")));
  server_->Kill();

  const absl::Time start = absl::Now();
  ExpectStoreUnavailable(store->GetSession("s1").status());
  ExpectStoreUnavailable(store->UpdateSession(s).status());
  ExpectStoreUnavailable(store->Commit(EntriesOnly({Entry("s1", "x")})).status());
  ExpectStoreUnavailable(store->ReadJournal(0, {}, 10).status());
  ExpectStoreUnavailable(store->WaitForEntries(0, 10, absl::Seconds(30)).status());
  ExpectStoreUnavailable(store->Reserve("k", "o", absl::Minutes(1)).status());
  ExpectStoreUnavailable(store->AcquireLease("l", "o", absl::Minutes(1)).status());
  ExpectStoreUnavailable(store->LastSeq().status());
  ExpectStoreUnavailable(store->Ping());
  EXPECT_LT(absl::Now() - start, 9 * kCommandTimeout) << "about one timeout per call at most";

  ASSERT_TRUE(server_->Restart().ok()) << server_->Output();
  ASSERT_TRUE(Eventually([&] { return store->GetSession("s1").ok(); }));
  EXPECT_TRUE(store->UpdateSession(s).ok());
  EXPECT_TRUE(store->Commit(EntriesOnly({Entry("s1", "x")})).ok());
  EXPECT_TRUE(ValueOf(store->AcquireLease("l", "o", absl::Minutes(1))));
}

TEST_F(RedisStoreTest, ACallToAHungRedisFailsWithinTheCommandTimeout) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Ping().ok());
  server_->Pause();
  const absl::Time start = absl::Now();
  absl::Status status = store->Ping();
  const absl::Duration took = absl::Now() - start;
  server_->Resume();
  ExpectStoreUnavailable(status);
  EXPECT_GE(took, kCommandTimeout);
  EXPECT_LT(took, kCommandTimeout + absl::Seconds(2));
  EXPECT_TRUE(Eventually([&] { return store->Ping().ok(); }));
}

TEST_F(RedisStoreTest, WaitForEntriesWakesWhenAnotherStoreInstanceCommits) {
  std::unique_ptr<RedisStore> waiter = Open();
  std::unique_ptr<RedisStore> writer = Open();
  ASSERT_NE(waiter, nullptr);
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Commit(EntriesOnly({Entry("s", "before")})).ok());
  const int64_t last = ValueOf(waiter->LastSeq());
  absl::StatusOr<std::vector<JournalEntry>> woken;
  absl::Duration took;
  std::thread waiting([&] {
    const absl::Time start = absl::Now();
    woken = waiter->WaitForEntries(last, 10, absl::Minutes(1));
    took = absl::Now() - start;
  });
  // Commit only once the waiter is blocked in Redis, so it must be woken.
  EXPECT_TRUE(Eventually([&] { return BlockedClients() == 1; }));
  ASSERT_TRUE(writer->Commit(EntriesOnly({Entry("s", "wake up")})).ok());
  waiting.join();
  ASSERT_TRUE(woken.ok()) << woken.status();
  ASSERT_EQ(woken->size(), 1u);
  EXPECT_EQ((*woken)[0].payload, "wake up");
  EXPECT_EQ((*woken)[0].seq, last + 1);
  EXPECT_LT(took, absl::Seconds(30));
}

TEST_F(RedisStoreTest, WaitForEntriesRecoversAfterRedisRestarts) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->WaitForEntries(0, 10, absl::Milliseconds(10)).ok());
  server_->Kill();
  ExpectStoreUnavailable(store->WaitForEntries(0, 10, absl::Milliseconds(10)).status());
  ASSERT_TRUE(server_->Restart().ok()) << server_->Output();
  ASSERT_TRUE(
      Eventually([&] { return store->WaitForEntries(0, 10, absl::Milliseconds(10)).ok(); }));
  ASSERT_TRUE(store->Commit(EntriesOnly({Entry("s", "back")})).ok());
  std::vector<JournalEntry> entries = ValueOf(store->WaitForEntries(0, 10, absl::Seconds(10)));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].payload, "back");
}

TEST_F(RedisStoreTest, CloseEndsABlockedWaitForEntriesAtOnce) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  absl::Status status;
  std::thread waiting(
      [&] { status = store->WaitForEntries(0, 10, absl::Minutes(1)).status(); });
  EXPECT_TRUE(Eventually([&] { return BlockedClients() == 1; }));
  const absl::Time start = absl::Now();
  store->Close();
  waiting.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  ExpectStoreUnavailable(status);
}

TEST_F(RedisStoreTest, ScriptsAreLoadedAgainWhenRedisForgetsThem) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(Raw({"SCRIPT", "FLUSH"}).text, "OK");
  EXPECT_TRUE(store->CreateSession(MakeSession("s1", "chat-1")).ok());
  EXPECT_TRUE(store->Commit(EntriesOnly({Entry("s1", "x")})).ok());
  EXPECT_EQ(ValueOf(store->Reserve("k", "o", absl::Minutes(1))).state,
            store::Reservation::State::kAcquired);
}

TEST_F(RedisStoreTest, WritesFailUnavailableWhenTooFewReplicasConfirmThem) {
  RedisOptions options = Options();
  options.min_replicas = 1;  // the test's Redis has none
  std::unique_ptr<RedisStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  absl::Status created = store->CreateSession(MakeSession("s1", "chat-1")).status();
  ExpectStoreUnavailable(created);
  EXPECT_TRUE(absl::StrContains(created.message(), "replicas")) << created;
  ExpectStoreUnavailable(store->Commit(EntriesOnly({Entry("s1", "x")})).status());
  ExpectStoreUnavailable(store->AcquireLease("l", "o", absl::Minutes(1)).status());
  EXPECT_TRUE(store->GetSession("s1").ok()) << "reads need no replica";
}

TEST_F(RedisStoreTest, ConnectionsCarryTheReplicaIdInTheirName) {
  RedisOptions options = Options();
  options.replica_id = "replica 7";
  std::unique_ptr<RedisStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  std::string clients = Raw({"CLIENT", "LIST"}).text;
  EXPECT_TRUE(absl::StrContains(clients, "name=hitl-gateway-replica_7")) << clients;
}

TEST_F(RedisStoreTest, AnUnreadableRecordIsReportedNotThrown) {
  std::unique_ptr<RedisStore> store = Open();
  ASSERT_NE(store, nullptr);
  Raw({"HSET", "{hitl}:session:bad", "r", "{not json", "v", "1", "e", "0", "c", "chat-bad"});
  absl::Status status = store->GetSession("bad").status();
  ExpectStoreUnavailable(status);
  EXPECT_TRUE(absl::StrContains(status.message(), "unreadable")) << status;
  EXPECT_TRUE(store->Ping().ok());
}

}  // namespace
}  // namespace hitl::testing

// Several hitl-gateway processes on one redis-server, with livechat-sim
// sending its webhooks to them in turns (like a load balancer): every
// subscriber on every replica sees every event once and in journal order,
// across crashes and rolling restarts of replicas and of Redis itself.
#include <atomic>
#include <iostream>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "grpcpp/grpcpp.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "server/common/random_ids.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/gateway_process.h"
#include "tools/processes/redis_server.h"
#include "tests/support/sim_process.h"
#include "tests/support/test_files.h"
#include "tools/livechat-sim/gateway_settings.h"

namespace hitl::testing {
namespace {

using Json = nlohmann::json;

constexpr char kSecret[] = "replicas-webhook-secret";
constexpr char kAgent[] = "jane.doe@example.com";

hitl::v1::SubscribeAgentEventsRequest ForSession(const std::string& session_id,
                                                 const std::string& after_cursor = "") {
  hitl::v1::SubscribeAgentEventsRequest request;
  request.add_session_ids(session_id);
  request.set_after_cursor(after_cursor);
  return request;
}

std::vector<std::string> Cursors(const std::vector<hitl::v1::AgentEvent>& events) {
  std::vector<std::string> cursors;
  for (const auto& event : events) cursors.push_back(event.cursor());
  return cursors;
}

std::vector<std::string> MessageTexts(const std::vector<hitl::v1::AgentEvent>& events) {
  std::vector<std::string> texts;
  for (const auto& event : events) {
    if (event.has_agent_message()) texts.push_back(event.agent_message().text());
  }
  return texts;
}

// How often each agent message (by LiveChat event id) occurs in `events`.
std::map<std::string, int> MessageCounts(const std::vector<hitl::v1::AgentEvent>& events) {
  std::map<std::string, int> counts;
  for (const auto& event : events) {
    if (event.has_agent_message()) ++counts[event.agent_message().event_id()];
  }
  return counts;
}

// Runs `call(0)` and `call(1)` on two threads released at the same moment.
void AtOnceOnTwoReplicas(const std::function<void(int)>& call) {
  absl::Notification go;
  std::vector<std::thread> threads;
  for (int replica = 0; replica < 2; ++replica) {
    threads.emplace_back([&, replica] {
      go.WaitForNotification();
      call(replica);
    });
  }
  go.Notify();
  for (auto& thread : threads) thread.join();
}

// A bot's stream of one session that follows it across replicas: when the
// stream on one breaks, it resumes on the next from the last cursor it saw.
class ResumingSubscriber {
 public:
  ResumingSubscriber(std::vector<std::string> addresses, std::string session_id)
      : addresses_(std::move(addresses)), session_id_(std::move(session_id)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~ResumingSubscriber() { Stop(); }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
      if (current_ != nullptr) current_->TryCancel();
    }
    if (thread_.joinable()) thread_.join();
  }
  std::vector<hitl::v1::AgentEvent> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  int streams() {
    absl::MutexLock lock(&mu_);
    return streams_;
  }

 private:
  void Run() {
    for (size_t turn = 0;; ++turn) {
      auto stub = hitl::v1::HitlService::NewStub(grpc::CreateChannel(
          addresses_[turn % addresses_.size()], grpc::InsecureChannelCredentials()));
      grpc::ClientContext context;
      std::string cursor;
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
        current_ = &context;
        if (!events_.empty()) cursor = events_.back().cursor();
        ++streams_;
      }
      auto reader = stub->SubscribeAgentEvents(&context, ForSession(session_id_, cursor));
      hitl::v1::AgentEvent event;
      while (reader->Read(&event)) {
        absl::MutexLock lock(&mu_);
        events_.push_back(event);
      }
      reader->Finish();
      absl::MutexLock lock(&mu_);
      current_ = nullptr;
      if (stopping_) return;
      // A client's reconnect delay, so a replica that is down is not hammered.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Milliseconds(20));
    }
  }

  const std::vector<std::string> addresses_;
  const std::string session_id_;
  std::thread thread_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* current_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::vector<hitl::v1::AgentEvent> events_ ABSL_GUARDED_BY(mu_);
  int streams_ ABSL_GUARDED_BY(mu_) = 0;
};

class Replicas : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::Installed()) GTEST_SKIP() << "redis-server is not installed";
    auto redis = RedisServer::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    auto sim = SimProcess::Start(
        HITL_SIM_BIN, {"--webhook-secret", kSecret, "--webhook-retry-delays", "50ms,100ms,200ms"},
        dir_.path());
    ASSERT_TRUE(sim.ok()) << sim.status();
    sim_ = *std::move(sim);
  }

  SimControl& sim() { return sim_->control(); }

  // Starts `count` replicas on the shared Redis; the simulator's webhooks go
  // to all of them in turns.
  void StartReplicas(int count) {
    replicas_.resize(count);
    for (int i = 0; i < count; ++i) {
      LaunchReplica(i, "127.0.0.1:0", "127.0.0.1:0");
      if (HasFatalFailure()) return;
    }
    Json urls = Json::array();
    for (const auto& replica : replicas_) urls.push_back(replica->webhook_url());
    sim().Configure({{"webhook_urls", urls}});
  }

  // Starts replica `i` again, after it stopped, on the ports it had (the
  // address the balancer and the bots know).
  void RestartReplica(int i) {
    const std::string grpc_addr = replicas_[i]->grpc_addr();
    const std::string webhook_addr = absl::StrCat("127.0.0.1:", replicas_[i]->webhook_port());
    replicas_[i].reset();
    LaunchReplica(i, grpc_addr, webhook_addr);
  }

  void LaunchReplica(int i, const std::string& grpc_addr, const std::string& webhook_addr) {
    sim::SimulatorOptions sim_defaults;
    sim_defaults.webhook_secret = kSecret;
    auto env = sim::GatewaySettingsFor(sim_defaults, sim_->port(), kSupportGroup);
    env.insert({{"HITL_REDIS_URL", redis_->url()},
                {"HITL_REPLICA_ID", absl::StrCat("replica-", i)},
                {"HITL_GRPC_ADDR", grpc_addr},
                {"HITL_WEBHOOK_ADDR", webhook_addr},
                {"HITL_PORTS_FILE", absl::StrCat(dir_.path(), "/replica-", i, ".json")},
                {"HITL_LOG_LEVEL", "info"},
                {"HITL_SHUTDOWN_GRACE", "5s"},
                {"LIVECHAT_RETRY_BUDGET", "5s"}});
    for (const auto& [key, value] : extra_env_) env[key] = value;
    auto replica = GatewayProcess::Start(
        HITL_GATEWAY_BIN, env, absl::StrCat(dir_.path(), "/replica-", i, "-", ++runs_, ".log"));
    ASSERT_TRUE(replica.ok()) << replica.status();
    replicas_[i] = *std::move(replica);
  }

  std::vector<std::string> GrpcAddresses() const {
    std::vector<std::string> addresses;
    for (const auto& replica : replicas_) addresses.push_back(replica->grpc_addr());
    return addresses;
  }

  grpc::Status TryStart(int replica, const std::string& user_id, const std::string& request_id,
                        hitl::v1::Session* session) {
    hitl::v1::StartHitlRequest request;
    request.mutable_user()->set_id(user_id);
    auto* said = request.add_transcript();
    said->set_role(hitl::v1::AUTHOR_ROLE_USER);
    said->set_text("I need a human");
    request.set_request_id(request_id.empty() ? RandomUuid() : request_id);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    hitl::v1::StartHitlResponse response;
    grpc::Status status = replicas_[replica]->stub().StartHitl(&context, request, &response);
    *session = response.session();
    return status;
  }

  hitl::v1::Session StartOn(int replica, const std::string& user_id,
                            const std::string& request_id = "") {
    hitl::v1::Session session;
    grpc::Status status = TryStart(replica, user_id, request_id, &session);
    EXPECT_TRUE(status.ok()) << "replica " << replica << ": " << status.error_message();
    return session;
  }

  hitl::v1::SendMessageResponse SendOn(int replica, const std::string& session_id,
                                       const std::string& text, const std::string& request_id) {
    hitl::v1::SendMessageResponse response;
    grpc::Status status =
        CallSendMessage(replicas_[replica]->stub(), session_id, text, request_id, &response);
    EXPECT_TRUE(status.ok()) << "replica " << replica << ": " << status.error_message();
    return response;
  }

  hitl::v1::Session Get(int replica, const std::string& session_id) {
    hitl::v1::GetSessionRequest request;
    request.set_session_id(session_id);
    grpc::ClientContext context;
    hitl::v1::GetSessionResponse response;
    replicas_[replica]->stub().GetSession(&context, request, &response);
    return response.session();
  }

  // Every webhook so far was accepted by a replica (or given up).
  bool WebhooksSettled(absl::Duration timeout = absl::Seconds(30)) {
    return Eventually([&] { return sim().Unsettled() == 0; }, timeout);
  }

  // LiveChat event ids of the agent messages some replica answered 200 for.
  std::set<std::string> AcknowledgedMessages() {
    std::set<std::string> ids;
    for (const Json& delivery : sim().Webhooks()) {
      if (delivery["action"] == "incoming_event" && delivery["status"] == 200 &&
          delivery.contains("event_id")) {
        ids.insert(delivery["event_id"].get<std::string>());
      }
    }
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<SimProcess> sim_;
  std::vector<std::unique_ptr<GatewayProcess>> replicas_;
  std::map<std::string, std::string> extra_env_;
  int runs_ = 0;
};

class ReplicaCount : public Replicas, public ::testing::WithParamInterface<int> {};

TEST_P(ReplicaCount, WebhooksToAlternatingReplicasReachEverySubscriberOnEveryReplicaOnceInOrder) {
  const int count = GetParam();
  StartReplicas(count);
  std::vector<hitl::v1::Session> sessions;
  for (int s = 0; s < 3; ++s) sessions.push_back(StartOn(s % count, absl::StrCat("user-", s)));
  ASSERT_TRUE(WebhooksSettled());  // the transfers are in before anyone subscribes
  std::vector<std::unique_ptr<EventCollector>> subscribers;
  for (auto& replica : replicas_) {
    subscribers.push_back(std::make_unique<EventCollector>(
        replica->stub(), hitl::v1::SubscribeAgentEventsRequest()));  // every session, live
  }

  std::vector<std::string> expected;
  for (int m = 0; m < 8; ++m) {
    for (const auto& session : sessions) {
      expected.push_back(absl::StrCat(session.session_id(), " message ", m));
      sim().AgentMessage(session.chat_id(), expected.back());
    }
  }
  // Once every earlier webhook is journaled, a last message follows all of
  // them in the journal: a duplicate would show up before it.
  ASSERT_TRUE(WebhooksSettled());
  expected.push_back("the last message");
  sim().AgentMessage(sessions[0].chat_id(), expected.back());

  std::vector<std::string> first_cursors;
  for (int i = 0; i < count; ++i) {
    auto events = subscribers[i]->WaitFor(expected.size());
    EXPECT_EQ(MessageTexts(events), expected) << "subscriber on replica " << i;
    EXPECT_EQ(events.size(), expected.size()) << "subscriber on replica " << i;
    if (i == 0) first_cursors = Cursors(events);
    EXPECT_EQ(Cursors(events), first_cursors) << "subscriber on replica " << i;
  }
  std::set<std::string> receivers;
  for (const Json& delivery : sim().Webhooks()) receivers.insert(delivery["url"]);
  EXPECT_EQ(receivers.size(), static_cast<size_t>(count)) << "every replica took webhooks";
}

INSTANTIATE_TEST_SUITE_P(TwoAndFour, ReplicaCount, ::testing::Values(2, 4),
                         [](const auto& info) { return absl::StrCat(info.param, "Replicas"); });

TEST_F(Replicas, ASubscriberOfAKilledReplicaResumesOnAnotherFromItsLastCursor) {
  StartReplicas(2);
  auto session = StartOn(0, "user-resume");
  auto doomed = std::make_unique<EventCollector>(replicas_[0]->stub(), ForSession(session.session_id()));
  constexpr int kMessages = 30;
  // The agent keeps writing, one message at a time, while replica 0 dies.
  std::thread agent([&, port = sim_->port()] {
    SimControl control(port);
    for (int m = 0; m < kMessages; ++m) {
      control.AgentMessage(session.chat_id(), absl::StrCat("message ", m));
      Eventually([&] { return control.Unsettled() == 0; });
    }
  });
  ASSERT_TRUE(Eventually([&] { return doomed->events().size() >= 6; }));
  replicas_[0]->Kill();
  EXPECT_EQ(doomed->WaitForEnd().error_code(), grpc::StatusCode::UNAVAILABLE);
  agent.join();
  ASSERT_TRUE(WebhooksSettled());
  auto before = doomed->events();
  ASSERT_LT(before.size(), kMessages + 1u) << "the kill came too late to test a resume";

  EventCollector whole(replicas_[1]->stub(), ForSession(session.session_id()));
  auto all = whole.WaitFor(kMessages + 1);  // the transfer and every message
  ASSERT_EQ(all.size(), kMessages + 1u);
  std::set<std::string> distinct;
  for (const std::string& text : MessageTexts(all)) distinct.insert(text);
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kMessages));

  EventCollector resumed(replicas_[1]->stub(),
                         ForSession(session.session_id(), before.back().cursor()));
  auto after = resumed.WaitFor(all.size() - before.size());
  std::vector<std::string> seen = Cursors(before);
  for (const std::string& cursor : Cursors(after)) seen.push_back(cursor);
  EXPECT_EQ(seen, Cursors(all)) << "no gap and no duplicate at the resume";
}

TEST_F(Replicas, OneRequestIdSentToTwoReplicasAtOnceStartsOneChatAndPostsOnce) {
  StartReplicas(2);
  constexpr int kRounds = 8;
  const size_t chats_before = sim().Chats().size();
  for (int round = 0; round < kRounds; ++round) {
    const std::string start_id = RandomUuid();
    hitl::v1::Session started[2];
    AtOnceOnTwoReplicas([&](int replica) {
      started[replica] = StartOn(replica, absl::StrCat("racer-", round), start_id);
    });
    ASSERT_FALSE(started[0].session_id().empty());
    EXPECT_EQ(started[0].session_id(), started[1].session_id()) << "round " << round;
    EXPECT_EQ(started[0].chat_id(), started[1].chat_id()) << "round " << round;

    const std::string send_id = RandomUuid();
    const std::string text = absl::StrCat("posted once, round ", round);
    hitl::v1::SendMessageResponse sent[2];
    AtOnceOnTwoReplicas([&](int replica) {
      sent[replica] = SendOn(replica, started[0].session_id(), text, send_id);
    });
    ASSERT_EQ(sent[0].event_ids_size(), 1);
    EXPECT_EQ(sent[0].event_ids(0), sent[1].event_ids(0)) << "round " << round;
    int posted = 0;
    for (const Json& event : sim().Events(started[0].chat_id())) posted += event["text"] == text;
    EXPECT_EQ(posted, 1) << "round " << round;
  }
  EXPECT_EQ(sim().Chats().size(), chats_before + kRounds) << "one LiveChat chat per request_id";
}

TEST_F(Replicas, ARollingRestartUnderWebhookLoadLosesNoAcknowledgedEvent) {
  StartReplicas(2);
  auto session = StartOn(0, "user-rolling");
  ASSERT_TRUE(WebhooksSettled());
  ResumingSubscriber bot(GrpcAddresses(), session.session_id());

  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread agent([&, port = sim_->port()] {
    SimControl control(port);
    while (!stop && written < 3000) {
      control.AgentMessage(session.chat_id(), absl::StrCat("under load ", written++));
      // Keeps LiveChat's queue short, as a real chat's pace would.
      if (written % 20 == 0) Eventually([&] { return control.Unsettled() < 20; });
    }
  });
  auto written_since = [&](int mark) {
    return Eventually([&] { return written >= mark + 100; }, absl::Seconds(30));
  };
  ASSERT_TRUE(written_since(0));
  for (size_t i = 0; i < replicas_.size(); ++i) {
    EXPECT_EQ(replicas_[i]->Terminate(), 0) << replicas_[i]->Output();
    int mark = written;
    RestartReplica(i);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(Eventually([&] { return replicas_[i]->ReadyStatus() == 200; }));
    ASSERT_TRUE(written_since(mark)) << "the load went on after replica " << i << " came back";
  }
  stop = true;
  agent.join();
  ASSERT_TRUE(WebhooksSettled(absl::Seconds(60)));

  const std::set<std::string> acknowledged = AcknowledgedMessages();
  EXPECT_GE(acknowledged.size(), 300u);
  int refused = 0;
  for (const Json& delivery : sim().Webhooks()) refused += delivery["status"] != 200;
  std::cout << written << " agent messages, " << acknowledged.size() << " acknowledged, "
            << refused << " deliveries refused or cut during the restarts, the bot's stream "
            << "opened " << bot.streams() << " times\n";
  EventCollector whole(replicas_[0]->stub(), ForSession(session.session_id()));
  ASSERT_TRUE(Eventually([&] {
    auto counts = MessageCounts(whole.events());
    for (const std::string& id : acknowledged) {
      if (counts.count(id) == 0) return false;
    }
    return true;
  }, absl::Seconds(30))) << "an acknowledged event is missing from the journal";
  const auto journal = whole.events();
  for (const auto& [id, times] : MessageCounts(journal)) EXPECT_EQ(times, 1) << id;

  // The bot, resuming across both restarts, saw the same journal.
  ASSERT_TRUE(Eventually([&] { return bot.events().size() >= journal.size(); }));
  bot.Stop();
  EXPECT_EQ(Cursors(bot.events()), Cursors(journal));
  EXPECT_GE(bot.streams(), 3) << "the bot's stream broke at each restart and resumed";
}

TEST_F(Replicas, RedisKilledAndRestartedKeepsEveryAcknowledgedEventAndTheGatewaysRecover) {
  StartReplicas(2);
  auto session = StartOn(0, "user-redis-crash");
  std::vector<std::string> before;
  for (int m = 0; m < 10; ++m) {
    before.push_back(absl::StrCat("acknowledged ", m));
    sim().AgentMessage(session.chat_id(), before.back());
  }
  ASSERT_TRUE(WebhooksSettled());
  ASSERT_EQ(AcknowledgedMessages().size(), before.size());
  EventCollector live(replicas_[1]->stub(), ForSession(session.session_id()));
  ASSERT_EQ(live.WaitFor(before.size() + 1).size(), before.size() + 1);

  redis_->Kill();
  EXPECT_EQ(live.WaitForEnd().error_code(), grpc::StatusCode::UNAVAILABLE);
  for (auto& replica : replicas_) {
    EXPECT_TRUE(Eventually([&] { return replica->ReadyStatus() == 503; }));
  }
  hitl::v1::Session refused;
  grpc::Status status = TryStart(0, "user-while-down", "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(status.error_message().find("store"), std::string::npos) << status.error_message();

  ASSERT_TRUE(redis_->Restart().ok());
  for (auto& replica : replicas_) {
    EXPECT_TRUE(Eventually([&] { return replica->ReadyStatus() == 200; }, absl::Seconds(30)))
        << replica->Output();
  }
  EventCollector after(replicas_[0]->stub(), ForSession(session.session_id()));
  EXPECT_EQ(MessageTexts(after.WaitFor(before.size() + 1)), before);
  sim().AgentMessage(session.chat_id(), "after the crash");
  auto events = after.WaitFor(before.size() + 2);
  ASSERT_EQ(events.size(), before.size() + 2);
  EXPECT_EQ(events.back().agent_message().text(), "after the crash");
  EXPECT_FALSE(StartOn(1, "user-after-the-crash").chat_id().empty());
}

TEST_F(Replicas, TheDutiesLeaseMovesWhenItsHolderDiesAndTheNewHolderReconciles) {
  extra_env_ = {{"HITL_DUTY_LEASE", "1s"}, {"HITL_RECONCILE_INTERVAL", "300ms"}};
  StartReplicas(2);
  auto holds_lease = [&](int i) {
    return replicas_[i]->Output().find(absl::StrCat("duty lease acquired replica=replica-", i)) !=
           std::string::npos;
  };
  int holder = -1;
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 2; ++i) {
      if (holds_lease(i)) holder = i;
    }
    return holder >= 0;
  }));
  const int other = 1 - holder;
  EXPECT_FALSE(holds_lease(other)) << "one holder at a time";
  auto session = StartOn(other, "user-lease");
  ASSERT_TRUE(WebhooksSettled());

  replicas_[holder]->Kill();
  absl::Time killed = absl::Now();
  ASSERT_TRUE(Eventually([&] { return holds_lease(other); })) << replicas_[other]->Output();
  std::cout << "duties lease taken over " << absl::FormatDuration(absl::Now() - killed)
            << " after its holder died (lease 1s)\n";

  // Only reconciliation, a duty of the holder, can learn of this end: its
  // webhook never reaches any replica.
  sim().Configure({{"webhook_url", "http://127.0.0.1:1/livechat/webhook"}});
  sim().Close(session.chat_id(), kAgent);
  ASSERT_TRUE(Eventually([&] {
    return Get(other, session.session_id()).state() == hitl::v1::SESSION_STATE_ENDED;
  }));
  EXPECT_EQ(Get(other, session.session_id()).ended_by(), hitl::v1::ENDED_BY_LIVECHAT);
}

}  // namespace
}  // namespace hitl::testing

#include "tests/support/gateway_harness.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "server/common/grpc_status.h"
#include "server/common/random_ids.h"
#include "server/store/open_store.h"
#include "tools/livechat-sim/gateway_settings.h"

namespace hitl::testing {

GatewayHarness::GatewayHarness(Options options) : options_(std::move(options)) { StartAll(); }

GatewayHarness::GatewayHarness(std::map<std::string, std::string> env, bool faulty_store)
    : GatewayHarness(Options{.env = std::move(env), .faulty_store = faulty_store}) {}

void GatewayHarness::StartAll() {
  if (options_.store == StoreKind::kRedis) {
    if (!RedisServer::Installed()) {
      GTEST_SKIP() << "redis-server is not installed: this test needs it for the Redis store";
    }
    auto redis = RedisServer::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
  }
  sim_options_.webhook_secret = kHarnessSecret;
  // LiveChat retries within a minute; tests cannot wait that long.
  sim_options_.webhook_retry_delays = {absl::Milliseconds(50), absl::Milliseconds(100),
                                       absl::Milliseconds(200)};
  simulator_ = std::make_unique<sim::Simulator>(sim_options_);
  absl::Status started = simulator_->Start();
  EXPECT_TRUE(started.ok()) << started;
  control_ = std::make_unique<SimControl>(simulator_->port());
  StartGateway();
}

GatewayHarness::~GatewayHarness() {
  StopGateway();
  if (simulator_) simulator_->Stop();
}

void GatewayHarness::StartGateway() {
  std::map<std::string, std::string> values =
      sim::GatewaySettingsFor(sim_options_, simulator_->port(), kSupportGroup);
  values.insert({{"LIVECHAT_RETRY_BUDGET", "5s"},
                 {"HITL_GRPC_ADDR", "127.0.0.1:0"},
                 {"HITL_WEBHOOK_ADDR", "127.0.0.1:0"},
                 {"HITL_LOG_LEVEL", "warn"},
                 {"HITL_SHUTDOWN_GRACE", "2s"}});
  values.merge(StoreSettings());
  for (const auto& [key, value] : options_.env) values[key] = value;
  auto loaded = config::Load({}, config::FixedEnvironment(values));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  Gateway::StoreOpener opener;
  if (options_.faulty_store) {
    opener = [this](const config::Config& config,
                    Clock& clock) -> absl::StatusOr<std::unique_ptr<store::Store>> {
      auto inner = store::OpenStore(config, clock);
      if (!inner.ok()) return inner.status();
      auto faulty = std::make_unique<FaultyStore>(*std::move(inner));
      faults_ = faulty.get();
      return faulty;
    };
  }
  auto gateway = Gateway::Start(loaded->config, RealClock::Instance(), opener);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
  control_->Configure({{"webhook_url", absl::StrCat("http://127.0.0.1:", gateway_->webhook_port(),
                                                    "/livechat/webhook")}});
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", gateway_->grpc_port()),
                                 grpc::InsecureChannelCredentials());
  stub_ = hitl::v1::HitlService::NewStub(channel_);
}

std::map<std::string, std::string> GatewayHarness::StoreSettings() const {
  switch (options_.store) {
    case StoreKind::kSqlite:
      return {{"HITL_DB", dir_.path() + "/gateway.db"}};
    case StoreKind::kRedis:
      // One replica, restarted in place: the same name after RestartGateway,
      // as the SQLite gateway's default name (host and pid) stays the same.
      return {{"HITL_REDIS_URL", redis_->url()}, {"HITL_REPLICA_ID", "harness-gateway"}};
  }
  return {};
}

void GatewayHarness::StopGateway() {
  if (gateway_) gateway_->Shutdown();
  gateway_.reset();
}

void GatewayHarness::RestartGateway() {
  StopGateway();
  StartGateway();
}

hitl::v1::Session GatewayHarness::Start(const std::string& user_id,
                                        const std::string& request_id) {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id(user_id);
  request.mutable_user()->set_name("Ada Lovelace");
  request.mutable_user()->set_email("ada@example.com");
  request.set_title("Refund request");
  request.set_description("Order #4411 missing");
  auto* said = request.add_transcript();
  said->set_role(hitl::v1::AUTHOR_ROLE_USER);
  said->set_text("My parcel never came");
  auto* answered = request.add_transcript();
  answered->set_role(hitl::v1::AUTHOR_ROLE_BOT);
  answered->set_text("Let me get you a human");
  (*request.mutable_properties())["plan"] = "gold";
  request.set_request_id(request_id.empty() ? RandomUuid() : request_id);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  hitl::v1::StartHitlResponse response;
  grpc::Status status = stub_->StartHitl(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.session();
}

absl::Status GatewayHarness::Send(const std::string& session_id, const std::string& text,
                                  const std::string& request_id,
                                  hitl::v1::SendMessageResponse* response) {
  hitl::v1::SendMessageResponse ignored;
  return FromGrpcStatus(
      CallSendMessage(*stub_, session_id, text, request_id, response ? response : &ignored));
}

grpc::Status CallSendMessage(hitl::v1::HitlService::Stub& stub, const std::string& session_id,
                             const std::string& text, const std::string& request_id,
                             hitl::v1::SendMessageResponse* response) {
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session_id);
  request.set_text(text);
  request.set_request_id(request_id);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  return stub.SendMessage(&context, request, response);
}

EventCollector::EventCollector(hitl::v1::HitlService::Stub& stub,
                               hitl::v1::SubscribeAgentEventsRequest request) {
  thread_ = std::thread([this, &stub, request] {
    auto reader = stub.SubscribeAgentEvents(&context_, request);
    // Headers arrive once the gateway has the subscription in place (or the
    // call failed): from then on nothing is missed.
    reader->WaitForInitialMetadata();
    subscribed_.Notify();
    hitl::v1::AgentEvent event;
    while (reader->Read(&event)) {
      absl::MutexLock lock(&mu_);
      events_.push_back(event);
    }
    grpc::Status status = reader->Finish();
    absl::MutexLock lock(&mu_);
    status_ = status;
  });
  subscribed_.WaitForNotificationWithTimeout(absl::Seconds(10));
}

EventCollector::~EventCollector() {
  Cancel();
  if (thread_.joinable()) thread_.join();
}

void EventCollector::Cancel() { context_.TryCancel(); }

std::vector<hitl::v1::AgentEvent> EventCollector::WaitFor(size_t count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto ready = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return events_.size() >= count || status_.has_value();
  };
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  return events_;
}

grpc::Status EventCollector::WaitForEnd(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto ended = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return status_.has_value(); };
  mu_.AwaitWithTimeout(absl::Condition(&ended), timeout);
  if (!status_) return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "stream still open");
  return *status_;
}

std::vector<hitl::v1::AgentEvent> EventCollector::events() {
  absl::MutexLock lock(&mu_);
  return events_;
}

}  // namespace hitl::testing

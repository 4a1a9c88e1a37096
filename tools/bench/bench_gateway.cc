#include "tools/bench/bench_gateway.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "server/common/random_ids.h"
#include "server/config/config.h"
#include "tools/livechat-sim/gateway_settings.h"

namespace hitl::bench {
namespace {

constexpr int64_t kGroupId = 7;
constexpr absl::Duration kCallDeadline = absl::Seconds(30);

hitl::v1::StartHitlRequest StartRequest(const std::string& user_id) {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id(user_id);
  request.set_title("Benchmark");
  auto* said = request.add_transcript();
  said->set_role(hitl::v1::AUTHOR_ROLE_USER);
  said->set_text("hello");
  request.set_request_id(RandomUuid());
  return request;
}

}  // namespace

Settings GatewaySettings(const sim::SimulatorOptions& sim, int sim_port, int webhook_threads) {
  Settings settings = sim::GatewaySettingsFor(sim, sim_port, kGroupId);
  settings.insert({{"HITL_GRPC_ADDR", "127.0.0.1:0"},
                   {"HITL_WEBHOOK_ADDR", "127.0.0.1:0"},
                   {"HITL_WEBHOOK_THREADS", absl::StrCat(webhook_threads)},
                   {"HITL_SUBSCRIBER_QUEUE", "100000"}});
  return settings;
}

std::string BenchGateway::webhook_url() const {
  return absl::StrCat("http://127.0.0.1:", webhook_port(), "/livechat/webhook");
}

absl::StatusOr<std::unique_ptr<BenchGateway>> StartGateway(const Settings& settings) {
  auto loaded = config::Load({}, config::FixedEnvironment(settings));
  if (!loaded.ok()) return loaded.status();
  auto gateway = Gateway::Start(loaded->config);
  if (!gateway.ok()) return gateway.status();
  auto bench = std::make_unique<BenchGateway>();
  bench->gateway = *std::move(gateway);
  bench->stub = hitl::v1::HitlService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", bench->gateway->grpc_port()),
                          grpc::InsecureChannelCredentials()));
  return bench;
}

absl::StatusOr<std::vector<hitl::v1::Session>> StartSessions(
    const std::vector<BenchGateway*>& gateways, const std::string& user_prefix, int count,
    Samples* latency) {
  std::vector<hitl::v1::Session> sessions;
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
    hitl::v1::StartHitlResponse response;
    absl::Time begin = absl::Now();
    grpc::Status status = gateways[i % gateways.size()]->stub->StartHitl(
        &context, StartRequest(absl::StrCat(user_prefix, "-", i)), &response);
    if (latency != nullptr) latency->Add(absl::Now() - begin);
    if (!status.ok()) {
      return absl::UnavailableError(absl::StrCat("StartHitl: ", status.error_message()));
    }
    sessions.push_back(response.session());
  }
  return sessions;
}

absl::Status SendWebhooksTo(int sim_port, const std::vector<std::string>& urls) {
  httplib::Client control("127.0.0.1", sim_port);
  control.set_tcp_nodelay(true);
  auto answer = control.Post("/sim/config", nlohmann::json{{"webhook_urls", urls}}.dump(),
                             "application/json");
  if (!answer || answer->status != 200) {
    return absl::UnavailableError("livechat-sim refused POST /sim/config");
  }
  return absl::OkStatus();
}

}  // namespace hitl::bench

// The fixture of tests that run the real binaries as processes: a
// livechat-sim, a hitl-gateway configured for it, hitlctl; each test's own
// temp dir holds their files and logs.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "tests/support/eventually.h"
#include "tests/support/gateway_process.h"
#include "tests/support/sim_control.h"
#include "tests/support/sim_process.h"
#include "tests/support/test_files.h"
#include "tools/livechat-sim/gateway_settings.h"
#include "tools/processes/child_process.h"

namespace hitl::testing {

inline const std::string kAgentToken = sim::SimulatorOptions().agent_token;
inline constexpr char kSecret[] = "e2e-webhook-secret-do-not-log";

class ProcessStack : public ::testing::Test {
 protected:
  void StartSim() {
    auto sim = SimProcess::Start(
        HITL_SIM_BIN,
        {"--webhook-secret", kSecret, "--webhook-retry-delays", "50ms,100ms,200ms"},
        dir_.path());
    ASSERT_TRUE(sim.ok()) << sim.status();
    sim_ = *std::move(sim);
    control_ = &sim_->control();
  }

  // The gateway's settings for the simulator started; `overrides` win.
  std::map<std::string, std::string> GatewayEnv(
      const std::map<std::string, std::string>& overrides = {}) {
    sim::SimulatorOptions sim_defaults;
    sim_defaults.webhook_secret = kSecret;
    auto env = sim::GatewaySettingsFor(sim_defaults, sim_->port(), 7);
    env.insert({{"HITL_GRPC_ADDR", "127.0.0.1:0"},
                {"HITL_WEBHOOK_ADDR", "127.0.0.1:0"},
                {"HITL_DB", dir_.path() + "/gateway.db"},
                {"HITL_PORTS_FILE", dir_.path() + "/gateway.json"},
                {"HITL_LOG_LEVEL", "debug"}});
    for (const auto& [name, value] : overrides) env[name] = value;
    return env;
  }

  void StartGateway(const std::map<std::string, std::string>& overrides = {}) {
    auto gateway = GatewayProcess::Start(HITL_GATEWAY_BIN, GatewayEnv(overrides),
                                         absl::StrCat(dir_.path(), "/gateway-", ++runs_, ".log"));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    control_->Configure({{"webhook_url", gateway_->webhook_url()}});
    stub_ = &gateway_->stub();
  }

  hitl::v1::Session Start() {
    hitl::v1::StartHitlRequest request;
    request.mutable_user()->set_id("e2e-user");
    auto* said = request.add_transcript();
    said->set_role(hitl::v1::AUTHOR_ROLE_USER);
    said->set_text("transcript text that must stay out of logs");
    request.set_request_id("e2e-start");
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    hitl::v1::StartHitlResponse response;
    grpc::Status status = stub_->StartHitl(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message() << gateway_->Output();
    return response.session();
  }

  // Runs hitlctl to completion; its exit code and stdout+stderr.
  std::pair<int, std::string> Hitlctl(std::vector<std::string> args) {
    args.insert(args.begin(), {"--addr", gateway_->grpc_addr()});
    auto process = ChildProcess::Spawn(HITLCTL_BIN, args, {},
                                       absl::StrCat(dir_.path(), "/hitlctl-", ++runs_, ".out"));
    EXPECT_TRUE(process.ok());
    auto code = (*process)->Wait(absl::Seconds(30));
    return {code.value_or(-1), (*process)->Output()};
  }

  bool Acknowledged(const std::string& action) {
    return Eventually([&] {
      for (const auto& delivery : control_->Webhooks()) {
        if (delivery["action"] == action && delivery["status"] == 200) return true;
      }
      return false;
    });
  }

  TempDir dir_;
  std::unique_ptr<SimProcess> sim_;
  std::unique_ptr<GatewayProcess> gateway_;
  SimControl* control_ = nullptr;  // sim_'s
  hitl::v1::HitlService::Stub* stub_ = nullptr;
  int runs_ = 0;
};

}  // namespace hitl::testing

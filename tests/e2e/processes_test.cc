// The real binaries as separate processes: hitl-gateway, livechat-sim and
// hitlctl, started and stopped by the test with their exit status checked.
#include <signal.h>

#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "tools/processes/child_process.h"
#include "tests/e2e/process_stack.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/gateway_process.h"
#include "tests/support/sim_process.h"
#include "tests/support/sim_control.h"
#include "tests/support/test_files.h"
#include "tools/livechat-sim/gateway_settings.h"

namespace hitl::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class Processes : public ProcessStack {};

TEST_F(Processes, AMissingSettingStopsTheGatewayWithOneLineNamingIt) {
  auto gateway = ChildProcess::Spawn(HITL_GATEWAY_BIN, {}, {}, dir_.path() + "/missing.log");
  ASSERT_TRUE(gateway.ok());
  EXPECT_EQ((*gateway)->Wait(absl::Seconds(10)), 2);
  std::string output = (*gateway)->Output();
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  EXPECT_THAT(output, HasSubstr("LIVECHAT_CLIENT_ID"));
}

TEST_F(Processes, AnInvalidSettingStopsTheGatewayNamingItButNotItsValue) {
  StartSim();
  auto env = GatewayEnv();
  env["LIVECHAT_GROUP_ID"] = "dal:token-pasted-into-the-wrong-setting";
  auto gateway = ChildProcess::Spawn(HITL_GATEWAY_BIN, {}, env, dir_.path() + "/invalid.log");
  ASSERT_TRUE(gateway.ok());
  EXPECT_EQ((*gateway)->Wait(absl::Seconds(10)), 2);
  EXPECT_THAT((*gateway)->Output(), HasSubstr("LIVECHAT_GROUP_ID: not a group id"));
  EXPECT_THAT((*gateway)->Output(), Not(HasSubstr("token-pasted")));
}

TEST_F(Processes, SecretsMayComeFromFiles) {
  StartSim();
  auto env = GatewayEnv();
  env.erase("LIVECHAT_AGENT_TOKEN");
  env.erase("LIVECHAT_WEBHOOK_SECRET");
  {
    std::ofstream(dir_.path() + "/token") << kAgentToken << "\n";
    std::ofstream(dir_.path() + "/secret") << kSecret << "\n";
  }
  env["LIVECHAT_AGENT_TOKEN_FILE"] = dir_.path() + "/token";
  env["LIVECHAT_WEBHOOK_SECRET_FILE"] = dir_.path() + "/secret";
  auto gateway = GatewayProcess::Start(HITL_GATEWAY_BIN, env, dir_.path() + "/files.log");
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
  stub_ = &gateway_->stub();
  EXPECT_FALSE(Start().chat_id().empty());  // the token from the file works
}

TEST_F(Processes, AFailedStartUpExitsPromptlyInsteadOfHanging) {
  StartSim();
  auto env = GatewayEnv();
  env["HITL_PORTS_FILE"] = dir_.path() + "/no/such/dir/ports.json";
  for (int run = 0; run < 3; ++run) {  // the listener is stopped right after it starts
    auto gateway = ChildProcess::Spawn(HITL_GATEWAY_BIN, {}, env,
                                       absl::StrCat(dir_.path(), "/fail-", run, ".log"));
    ASSERT_TRUE(gateway.ok());
    EXPECT_EQ((*gateway)->Wait(absl::Seconds(20)), 1) << (*gateway)->Output();
    EXPECT_THAT((*gateway)->Output(), HasSubstr("HITL_PORTS_FILE"));
  }
}

TEST_F(Processes, HelpListsEverySetting) {
  auto gateway = ChildProcess::Spawn(HITL_GATEWAY_BIN, {"--help"}, {}, dir_.path() + "/help.log");
  ASSERT_TRUE(gateway.ok());
  EXPECT_EQ((*gateway)->Wait(absl::Seconds(10)), 0);
  std::string help = (*gateway)->Output();
  for (const char* name :
       {"LIVECHAT_CLIENT_ID", "LIVECHAT_ORGANIZATION_ID", "LIVECHAT_WEBHOOK_SECRET",
        "LIVECHAT_AGENT_TOKEN", "LIVECHAT_GROUP_ID", "LIVECHAT_API_URL", "LIVECHAT_ACCOUNTS_URL",
        "LIVECHAT_API_VERSION", "HITL_GRPC_ADDR", "HITL_WEBHOOK_ADDR", "HITL_DB",
        "LIVECHAT_AGENT_TOKEN_FILE"}) {
    EXPECT_THAT(help, HasSubstr(name));
  }
}

TEST_F(Processes, SigtermEndsStreamsWithUnavailableAndExitsZero) {
  StartSim();
  StartGateway();
  auto session = Start();
  hitl::v1::SubscribeAgentEventsRequest request;
  EventCollector stream(*stub_, request);
  control_->AgentMessage(session.chat_id(), "live");
  ASSERT_EQ(stream.WaitFor(1).size(), 1u);
  gateway_->process().Signal(SIGTERM);
  EXPECT_EQ(stream.WaitForEnd().error_code(), grpc::StatusCode::UNAVAILABLE);

  EXPECT_EQ(gateway_->process().Wait(absl::Seconds(15)), 0);
  EXPECT_THAT(gateway_->Output(), HasSubstr("shut down cleanly"));
}

TEST_F(Processes, ASubscriptionArrivingWhileTheGatewayStopsGetsUnavailable) {
  StartSim();
  StartGateway();
  auto session = Start();
  // A send LiveChat is slow to answer keeps the gateway in its shutdown grace.
  control_->Fault({{"action", "send_event"}, {"api", "customer"}, {"latency_ms", 3000}});
  std::thread bot([&] {
    hitl::v1::SendMessageResponse sent;
    grpc::Status status =
        CallSendMessage(*stub_, session.session_id(), "sent just before SIGTERM", "", &sent);
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::UNAVAILABLE)
        << status.error_message();
  });
  ASSERT_TRUE(Eventually([&] { return control_->Faults().empty(); }));  // the send is held
  gateway_->process().Signal(SIGTERM);
  ASSERT_TRUE(Eventually([&] { return absl::StrContains(gateway_->Output(), "shutting down"); }));

  // A bot that reconnects: a new connection, not one the gateway already has.
  auto fresh = hitl::v1::HitlService::NewStub(
      grpc::CreateChannel(gateway_->grpc_addr(), grpc::InsecureChannelCredentials()));
  EventCollector stream(*fresh, hitl::v1::SubscribeAgentEventsRequest());
  grpc::Status status = stream.WaitForEnd();
  // UNAVAILABLE is what every client library takes as "resume elsewhere".
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  bot.join();
  EXPECT_EQ(gateway_->process().Wait(absl::Seconds(15)), 0);
}

TEST_F(Processes, AnAcknowledgedEventSurvivesAGatewayCrash) {
  StartSim();
  StartGateway();
  auto session = Start();
  control_->AgentMessage(session.chat_id(), "answered 200, then the gateway died");
  ASSERT_TRUE(Acknowledged("incoming_event"));
  gateway_->Kill();  // no graceful shutdown at all
  StartGateway();
  hitl::v1::SubscribeAgentEventsRequest request;
  request.add_session_ids(session.session_id());
  EventCollector stream(*stub_, request);
  auto events = stream.WaitFor(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].agent_message().text(), "answered 200, then the gateway died");
}

TEST_F(Processes, LogsNeverContainSecretsTokensOrMessageTexts) {
  StartSim();
  StartGateway();
  auto session = Start();
  hitl::v1::SendMessageRequest send;
  send.set_session_id(session.session_id());
  send.set_text("user text that must stay out of logs");
  grpc::ClientContext context;
  hitl::v1::SendMessageResponse sent;
  ASSERT_TRUE(stub_->SendMessage(&context, send, &sent).ok());
  control_->ExpireToken(session.customer_id());  // forces a renewal with cookies
  grpc::ClientContext again;
  send.set_text("second user text");
  ASSERT_TRUE(stub_->SendMessage(&again, send, &sent).ok());
  control_->AgentMessage(session.chat_id(), "agent text that must stay out of logs");
  ASSERT_TRUE(Acknowledged("incoming_event"));
  ASSERT_EQ(gateway_->Terminate(absl::Seconds(15)), 0);
  std::string log = gateway_->Output();
  EXPECT_THAT(log, HasSubstr(session.session_id()));  // the log does say what happened
  for (const std::string& secret :
       {std::string(kAgentToken), std::string(kSecret), std::string("that must stay out"),
        std::string("second user text"), std::string("dal:"), std::string("__lc_cst")}) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
}

TEST_F(Processes, HitlctlDrivesAHandoffFromAShell) {
  StartSim();
  StartGateway();
  auto [code, started] = Hitlctl({"start", "--user-id", "cli-user", "--user-said", "hello",
                                  "--bot-said", "connecting", "--property", "plan=gold"});
  ASSERT_EQ(code, 0) << started;
  auto json = nlohmann::json::parse(started.substr(0, started.find('\n')));
  std::string session_id = json["session_id"];
  std::string chat_id = json["chat_id"];
  auto [sent_code, sent] = Hitlctl({"send", session_id, "from the shell"});
  ASSERT_EQ(sent_code, 0) << sent;
  EXPECT_EQ(control_->Events(chat_id).back()["text"], "from the shell");
  control_->AgentMessage(chat_id, "hi shell");
  auto [watch_code, watched] = Hitlctl({"watch", "--session", session_id, "--count", "2"});
  ASSERT_EQ(watch_code, 0) << watched;
  EXPECT_THAT(watched, HasSubstr("hi shell"));
  auto [stop_code, stopped] = Hitlctl({"stop", session_id, "--reason", "done"});
  ASSERT_EQ(stop_code, 0) << stopped;
  EXPECT_THAT(stopped, HasSubstr("SESSION_STATE_ENDED"));
  auto [missing_code, missing] = Hitlctl({"get", "no-such-session"});
  EXPECT_EQ(missing_code, 1);
  EXPECT_THAT(missing, HasSubstr("SESSION_NOT_FOUND"));
}

}  // namespace
}  // namespace hitl::testing

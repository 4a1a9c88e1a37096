// The fault catalogue (issue 9): faults and hostile input against the real
// binaries on loopback, each ending in a clear answer with nothing lost.
#include <httplib.h>

#include <signal.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "tests/e2e/process_stack.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/raw_connection.h"

namespace hitl::testing {
namespace {

class FaultCatalogue : public ProcessStack {};

// Sends one more byte of a never-ending header on every connection still
// open; how many are.
size_t DripOnce(std::vector<RawConnection>& connections) {
  size_t open = 0;
  for (auto& connection : connections) {
    if (connection.ClosedByPeer()) continue;
    if (connection.Send("x")) ++open;
  }
  return open;
}

TEST_F(FaultCatalogue, ASlowConnectionAttackDelaysNoWebhookAndEveryAttackerIsCut) {
  StartSim();
  StartGateway({{"HITL_WEBHOOK_REQUEST_TIMEOUT", "3s"}});
  auto session = Start();
  hitl::v1::SubscribeAgentEventsRequest request;
  request.add_session_ids(session.session_id());
  EventCollector stream(*stub_, request);

  // 500 connections from one client, each dripping a request that never
  // ends: far more than the listener has threads.
  std::vector<RawConnection> attack;
  for (int i = 0; i < 500; ++i) {
    attack.emplace_back(gateway_->webhook_port());
    ASSERT_TRUE(attack.back().Send("POST /livechat/webhook HTTP/1.1\r\nX-Drip: "));
  }
  ASSERT_EQ(DripOnce(attack), 500u);

  httplib::Client client("127.0.0.1", gateway_->webhook_port());
  client.set_read_timeout(std::chrono::seconds(10));
  absl::Time began = absl::Now();
  auto health = client.Get("/healthz");
  const absl::Duration health_took = absl::Now() - began;
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  began = absl::Now();
  control_->AgentMessage(session.chat_id(), "answered during the attack");
  ASSERT_TRUE(Acknowledged("incoming_event"));
  const absl::Duration webhook_took = absl::Now() - began;
  EXPECT_GT(DripOnce(attack), 0u) << "the attack ended before the webhook was timed";
  std::cout << "beside 500 dripping connections: /healthz " << health_took
            << ", agent message to webhook 200 " << webhook_took << "\n";

  // Every attacker is cut once its request's total time (3 s) is up,
  // however steadily it drips.
  const absl::Time attack_began = absl::Now();
  EXPECT_TRUE(Eventually([&] { return DripOnce(attack) == 0; }, absl::Seconds(30)));
  std::cout << "all 500 cut " << absl::Now() - attack_began << " after the webhook\n";

  auto events = stream.WaitFor(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].agent_message().text(), "answered during the attack");
}

// The resident memory of process `pid`, in bytes (0 if unreadable).
int64_t ResidentBytes(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "VmRSS:")) {
      int64_t kib = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(
                               absl::StripSuffix(absl::StripPrefix(line, "VmRSS:"), "kB")),
                           &kib)) {
        return kib * 1024;
      }
    }
  }
  return 0;
}

// What eight concurrent 100 MB StartHitl calls got, and the gateway's
// resident memory before, at its highest, and after them.
struct HugeCalls {
  std::vector<grpc::Status> answers;
  int64_t before = 0;
  int64_t peak = 0;
  int64_t after = 0;
};

HugeCalls SendHugeStarts(GatewayProcess& gateway) {
  const pid_t pid = gateway.process().pid();
  HugeCalls result;
  result.before = ResidentBytes(pid);
  hitl::v1::StartHitlRequest huge;
  huge.mutable_user()->set_id("attacker");
  huge.set_description(std::string(100 << 20, 'x'));
  std::atomic<int64_t> peak{result.before};
  std::atomic<bool> sending{true};
  // A measurement, not a wait: RSS is sampled while the calls run.
  std::thread sampler([&] {
    while (sending) {
      peak = std::max<int64_t>(peak, ResidentBytes(pid));
      absl::SleepFor(absl::Milliseconds(10));
    }
  });
  result.answers.resize(8);
  std::vector<std::thread> bots;
  for (int i = 0; i < 8; ++i) {
    bots.emplace_back([&, i] {
      auto stub = hitl::v1::HitlService::NewStub(
          grpc::CreateChannel(gateway.grpc_addr(), grpc::InsecureChannelCredentials()));
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
      hitl::v1::StartHitlResponse response;
      result.answers[i] = stub->StartHitl(&context, huge, &response);
    });
  }
  for (auto& bot : bots) bot.join();
  sending = false;
  sampler.join();
  result.peak = peak;
  result.after = ResidentBytes(pid);
  return result;
}

std::ostream& operator<<(std::ostream& out, const HugeCalls& calls) {
  return out << "RSS before " << (calls.before >> 20) << " MiB, peak " << (calls.peak >> 20)
             << " MiB, after " << (calls.after >> 20) << " MiB";
}

TEST_F(FaultCatalogue, HugeUnauthenticatedCallsAreRefusedBeforeTheyAreRead) {
  StartSim();
  StartGateway({{"HITL_API_TOKENS", "the-only-token"}});
  HugeCalls calls = SendHugeStarts(*gateway_);
  for (const auto& answer : calls.answers) {
    EXPECT_EQ(answer.error_code(), grpc::StatusCode::UNAUTHENTICATED) << answer.error_message();
  }
  std::cout << "8 x 100 MB StartHitl without a token: " << calls << "\n";
  // Before the fix the peak was 700 MiB above, and 640 MiB stayed.
  EXPECT_LT(calls.peak - calls.before, int64_t{32} << 20);
  EXPECT_LT(calls.after - calls.before, int64_t{32} << 20);
}

TEST_F(FaultCatalogue, HugeCallsToAnOpenGatewayAreBoundedByItsMemoryLimit) {
  StartSim();
  StartGateway({{"HITL_GRPC_MEMORY_LIMIT", "64MiB"}});
  HugeCalls calls = SendHugeStarts(*gateway_);
  for (const auto& answer : calls.answers) {
    EXPECT_EQ(answer.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << answer.error_message();
  }
  std::cout << "8 x 100 MB StartHitl, no tokens, 64 MiB memory limit: " << calls << "\n";
  EXPECT_LT(calls.peak - calls.before, int64_t{160} << 20);
  // And it still serves.
  auto session = Start();
  EXPECT_FALSE(session.session_id().empty());
}

TEST_F(FaultCatalogue, TheShutdownGraceBoundsExitEvenWithALiveChatCallHanging) {
  StartSim();
  StartGateway({{"HITL_SHUTDOWN_GRACE", "2s"}});
  auto session = Start();
  // LiveChat holds the send for 20 s, far beyond the grace.
  control_->Fault({{"action", "send_event"}, {"api", "customer"}, {"latency_ms", 20'000}});
  grpc::Status sent;
  std::thread bot([&] {
    hitl::v1::SendMessageResponse response;
    sent = CallSendMessage(*stub_, session.session_id(), "held by LiveChat", "held-send",
                           &response);
  });
  ASSERT_TRUE(Eventually([&] { return control_->Faults().empty(); }));  // the send is held
  const absl::Time signalled = absl::Now();
  gateway_->process().Signal(SIGTERM);
  // Before the fix it exited 11 s after SIGTERM: the grace was no bound.
  std::optional<int> code = gateway_->process().Wait(absl::Seconds(3));
  const absl::Duration took = absl::Now() - signalled;
  bot.join();
  ASSERT_TRUE(code.has_value()) << "still running 3 s after SIGTERM with a 2 s grace";
  EXPECT_EQ(*code, 0);
  std::cout << "SIGTERM to exit with a hanging LiveChat call and a 2 s grace: " << took << "\n";
  // The bot is told to retry, and the retry by request_id succeeds.
  EXPECT_EQ(sent.error_code(), grpc::StatusCode::UNAVAILABLE) << sent.error_message();
  EXPECT_EQ(ErrorReason(FromGrpcStatus(sent)), reason::kShuttingDown) << sent.error_message();
  EXPECT_THAT(gateway_->Output(), ::testing::HasSubstr("shutdown grace over"));
  StartGateway();
  hitl::v1::SendMessageResponse response;
  grpc::Status retried =
      CallSendMessage(*stub_, session.session_id(), "held by LiveChat", "held-send", &response);
  EXPECT_TRUE(retried.ok()) << retried.error_message();
}

}  // namespace
}  // namespace hitl::testing

// The fault catalogue (issue 9): faults and hostile input against the real
// binaries on loopback, each ending in a clear answer with nothing lost.
#include <httplib.h>

#include <iostream>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
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

}  // namespace
}  // namespace hitl::testing

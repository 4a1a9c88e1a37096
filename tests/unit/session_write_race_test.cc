// Narrow session writes (routed, stop requested, a renewed customer token)
// racing the full-record writes of webhook commits: none may be undone.
#include <atomic>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/store/session_updates.h"
#include "tests/support/handoff_fixture.h"

namespace hitl::handoff {
namespace {

class SessionWriteRaceTest : public testing::HandoffFixture {
 protected:
  static constexpr int kRounds = 3000;

  // Runs `narrow_write` while an agent message is committed for `session`.
  // The write starts a little later each round, so across the rounds it
  // lands everywhere in the commit's read-decide-write window.
  void Race(const hitl::v1::Session& session, int round,
            const std::function<void()>& narrow_write) {
    std::atomic<bool> go{false};
    std::thread webhook([&] {
      while (!go) {
      }
      auto outcome = AgentMessage(session, absl::StrCat("E", round), "jane@example.com", "hi");
      EXPECT_TRUE(outcome.ok()) << outcome.status();
    });
    go = true;
    const absl::Time start = absl::Now();
    const absl::Duration delay = absl::Microseconds(round % 100);
    while (absl::Now() - start < delay) {
    }
    narrow_write();
    webhook.join();
  }
};

TEST_F(SessionWriteRaceTest, ARenewedCustomerTokenSurvivesConcurrentWebhookCommits) {
  auto session = StartSession();
  int lost = 0;
  for (int round = 0; round < kRounds; ++round) {
    store::CustomerSecrets secrets = Stored(session.session_id()).customer;
    secrets.access_token = absl::StrCat("token-", round);
    Race(session, round, [&] {
      ASSERT_TRUE(store::UpdateCustomerSecrets(*store_, session.session_id(), secrets).ok());
    });
    if (Stored(session.session_id()).customer.access_token != secrets.access_token) ++lost;
  }
  EXPECT_EQ(lost, 0) << "renewed tokens undone by a webhook commit";
}

TEST_F(SessionWriteRaceTest, AStopRequestSurvivesConcurrentWebhookCommits) {
  auto session = StartSession();
  int lost = 0;
  for (int round = 0; round < kRounds; ++round) {
    const bool stop = round % 2 == 0;
    Race(session, round, [&] {
      if (stop) {
        ASSERT_TRUE(store::MarkStopRequested(*store_, session.session_id(), "bye").ok());
      } else {
        ASSERT_TRUE(store::ClearStopRequested(*store_, session.session_id()).ok());
      }
    });
    if (Stored(session.session_id()).stop_requested != stop) ++lost;
  }
  EXPECT_EQ(lost, 0) << "stop requests undone (or revived) by a webhook commit";
}

TEST_F(SessionWriteRaceTest, RoutingSurvivesConcurrentWebhookCommits) {
  int lost = 0;
  for (int round = 0; round < kRounds / 10; ++round) {
    // A session stored but not yet routed, as StartHitl leaves it briefly.
    store::SessionRecord unrouted;
    unrouted.session_id = absl::StrCat("race-", round);
    unrouted.chat_id = absl::StrCat("RACE", round);
    unrouted.customer_id = "customer";
    ASSERT_TRUE(store_->CreateSession(unrouted).ok());
    hitl::v1::Session session;
    session.set_session_id(unrouted.session_id);
    session.set_chat_id(unrouted.chat_id);
    Race(session, round, [&] {
      ASSERT_TRUE(store::MarkRouted(*store_, unrouted.session_id).ok());
    });
    if (!Stored(unrouted.session_id).routed) ++lost;
  }
  EXPECT_EQ(lost, 0) << "routing undone by a webhook commit";
}

}  // namespace
}  // namespace hitl::handoff

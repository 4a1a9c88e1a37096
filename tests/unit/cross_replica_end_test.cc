// Ending a session is exactly-once across replicas: StopHitl on one replica
// racing LiveChat's chat_deactivated on another (two sets of services, each
// with its own in-process locks, on one store and one LiveChat) journals one
// ended event.
#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "tests/support/handoff_fixture.h"

namespace hitl::handoff {
namespace {

class CrossReplicaEndTest : public testing::HandoffFixture {
 protected:
  // Replica A serves the bot's StopHitl; the fixture's own services are
  // replica B, which receives the webhook.
  SessionEnder ender_a_{*store_, livechat_, clock_};
  CustomerTokens tokens_a_{*store_, livechat_, clock_};
  GroupDirectory groups_a_{livechat_, clock_};
  HandoffService handoff_a_{testing::kDefaultGroup, *store_, livechat_, tokens_a_,
                            groups_a_,             ender_a_, clock_};
};

TEST_F(CrossReplicaEndTest, StopHitlOnOneReplicaAndChatDeactivatedOnAnotherEndOnce) {
  constexpr int kRounds = 200;
  int wrong = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto session = StartSession();
    hitl::v1::StopHitlRequest stop;
    stop.set_session_id(session.session_id());
    std::atomic<bool> go{false};
    std::thread bot([&] {
      while (!go) {
      }
      // Either it ends the session or finds it ended by the webhook.
      auto stopped = handoff_a_.StopHitl(stop);
      EXPECT_TRUE(stopped.ok() || absl::IsFailedPrecondition(stopped.status()))
          << stopped.status();
    });
    go = true;
    auto outcome = ChatDeactivated(session, "jane@example.com");
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    bot.join();
    int ended = 0;
    for (const hitl::v1::AgentEvent& event : Journal()) {
      ended += event.has_session_ended() && event.session_id() == session.session_id();
    }
    wrong += ended != 1;
    EXPECT_TRUE(Stored(session.session_id()).ended());
  }
  EXPECT_EQ(wrong, 0) << "sessions not ended exactly once";
}

}  // namespace
}  // namespace hitl::handoff

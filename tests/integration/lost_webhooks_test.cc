// What happens when LiveChat's webhooks do not reach the gateway (it was
// down longer than LiveChat retries): nothing an agent wrote is lost, and
// every session still ends, once.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/store_kind.h"

namespace hitl::testing {
namespace {

using Json = nlohmann::json;

class LostWebhooks : public ::testing::TestWithParam<StoreKind> {
 protected:
  // Points LiveChat's webhooks at a closed port (lost), or back.
  void Unreachable() { harness_.sim().Configure({{"webhook_url", "http://127.0.0.1:1/hook"}}); }
  void Reachable() {
    harness_.sim().Configure({{"webhook_url", absl::StrCat("http://127.0.0.1:",
                                                           harness_.webhook_port(),
                                                           "/livechat/webhook")}});
  }
  // True once LiveChat gave up delivering `action` (every retry failed).
  bool GivenUp(const std::string& action) {
    return Eventually([&] {
      int failed = 0;
      for (const Json& delivery : harness_.sim().Webhooks()) {
        failed += delivery["action"] == action && delivery["status"] != 200;
      }
      return failed >= 4;  // the first attempt and LiveChat's three retries
    });
  }
  hitl::v1::Session Get(const std::string& session_id) {
    hitl::v1::GetSessionRequest request;
    request.set_session_id(session_id);
    hitl::v1::GetSessionResponse response;
    grpc::ClientContext context;
    harness_.stub().GetSession(&context, request, &response);
    return response.session();
  }

  GatewayHarness harness_{{.store = GetParam()}};
};

TEST_P(LostWebhooks, AnAgentMessageWhoseWebhookWasLostArrivesBeforeTheEnd) {
  auto session = harness_.Start();
  hitl::v1::SubscribeAgentEventsRequest request;
  request.add_session_ids(session.session_id());
  EventCollector events(harness_.stub(), request);
  Unreachable();
  harness_.sim().AgentMessage(session.chat_id(), "lost in transit");
  ASSERT_TRUE(GivenUp("incoming_event"));
  Reachable();
  harness_.sim().Close(session.chat_id(), "jane.doe@example.com");
  ASSERT_TRUE(events.WaitForEnd().ok());
  auto received = events.events();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_TRUE(received[0].has_chat_transferred());
  EXPECT_EQ(received[1].agent_message().text(), "lost in transit");
  EXPECT_EQ(received[2].session_ended().ended_by(), hitl::v1::ENDED_BY_AGENT);
}

TEST_P(LostWebhooks, AChatClosedWhileTheGatewayMissedItEndsTheSessionAtStartUp) {
  auto session = harness_.Start();
  Unreachable();
  harness_.sim().AgentMessage(session.chat_id(), "last words");
  harness_.sim().Close(session.chat_id(), "jane.doe@example.com");
  ASSERT_TRUE(GivenUp("chat_deactivated"));
  harness_.RestartGateway();  // reconciles open sessions with LiveChat
  ASSERT_TRUE(Eventually([&] {
    return Get(session.session_id()).state() == hitl::v1::SESSION_STATE_ENDED;
  }));
  EXPECT_EQ(Get(session.session_id()).ended_by(), hitl::v1::ENDED_BY_LIVECHAT);
  hitl::v1::SubscribeAgentEventsRequest request;
  request.add_session_ids(session.session_id());
  EventCollector events(harness_.stub(), request);
  ASSERT_TRUE(events.WaitForEnd().ok());
  auto received = events.events();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[1].agent_message().text(), "last words");
  EXPECT_TRUE(received[2].has_session_ended());
}

INSTANTIATE_TEST_SUITE_P(, LostWebhooks, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

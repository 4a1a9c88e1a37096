// The whole handoff through livechat-sim: what the agent sees in LiveChat,
// and what the bot gets back.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/store_kind.h"

namespace hitl::testing {
namespace {

using ::testing::ElementsAre;
using Json = nlohmann::json;

hitl::v1::SubscribeAgentEventsRequest For(const hitl::v1::Session& session) {
  hitl::v1::SubscribeAgentEventsRequest request;
  request.add_session_ids(session.session_id());
  return request;
}

class RoundTrip : public ::testing::TestWithParam<StoreKind> {
 protected:
  // How many ended events the session's whole journal holds.
  int EndedEventsOf(const hitl::v1::Session& session) {
    hitl::v1::SubscribeAgentEventsRequest replay = For(session);
    replay.set_after_cursor(std::string(20, '0'));
    EventCollector all(harness_.stub(), replay);
    EXPECT_TRUE(all.WaitForEnd().ok());
    int ended = 0;
    for (const auto& event : all.events()) ended += event.has_session_ended();
    return ended;
  }

  GatewayHarness harness_{{.store = GetParam()}};
};

TEST_P(RoundTrip, StartPutsTheCustomerAndTheConversationIntoTheChat) {
  auto session = harness_.Start("user-7");
  ASSERT_FALSE(session.chat_id().empty());
  Json chat = harness_.sim().Chat(session.chat_id());
  EXPECT_TRUE(chat["active"].get<bool>());
  EXPECT_EQ(chat["access"]["group_ids"], Json::array({kSupportGroup}));

  // The customer stands in for the user, with the bot's details.
  Json customer;
  for (const Json& user : chat["users"]) {
    if (user["type"] == "customer") customer = user;
  }
  ASSERT_FALSE(customer.is_null()) << chat.dump(2);
  EXPECT_EQ(customer["id"], session.customer_id());
  EXPECT_EQ(customer["name"], "Ada Lovelace");
  EXPECT_EQ(customer["email"], "ada@example.com");
  EXPECT_EQ(customer["session_fields"],
            Json::parse(R"([{"user_id":"user-7"},{"plan":"gold"}])"));

  // Routed to the group's agents, not left with the token's own agent.
  EXPECT_THAT(chat["agent_ids"].get<std::vector<std::string>>(),
              ElementsAre("jane.doe@example.com"));

  // Title + description, then the transcript in order, the user's line as
  // the customer's.
  Json events = chat["threads"][0]["events"];
  ASSERT_GE(events.size(), 3u) << events.dump(2);
  EXPECT_EQ(events[0]["text"], "Refund request\n\nOrder #4411 missing");
  EXPECT_EQ(events[0]["author_id"], kSimRequester);
  EXPECT_EQ(events[1]["text"], "My parcel never came");
  EXPECT_EQ(events[1]["author_id"], session.customer_id());
  EXPECT_EQ(events[2]["text"], "Let me get you a human");
  EXPECT_EQ(events[2]["author_id"], kSimRequester);
}

TEST_P(RoundTrip, MessagesReachTheAgentAsTheCustomersAndRepliesStreamBack) {
  auto session = harness_.Start();
  EventCollector events(harness_.stub(), For(session));
  hitl::v1::SendMessageResponse sent;
  ASSERT_TRUE(harness_.Send(session.session_id(), "Order number is 4411", "msg-1", &sent).ok());
  ASSERT_EQ(sent.event_ids_size(), 1);

  Json last = harness_.sim().Events(session.chat_id()).back();
  EXPECT_EQ(last["text"], "Order number is 4411");
  EXPECT_EQ(last["author_id"], session.customer_id());
  EXPECT_EQ(last["custom_id"], "msg-1");
  EXPECT_EQ(last["id"], sent.event_ids(0));

  std::string reply_id = harness_.sim().AgentMessage(session.chat_id(), "Let me check that.");
  // The routing transfer at start, then the reply; never the customer's own line.
  auto received = events.WaitFor(2);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_TRUE(received[0].has_chat_transferred());
  ASSERT_TRUE(received[1].has_agent_message());
  EXPECT_EQ(received[1].agent_message().text(), "Let me check that.");
  EXPECT_EQ(received[1].agent_message().agent_id(), "jane.doe@example.com");
  EXPECT_EQ(received[1].agent_message().event_id(), reply_id);
  EXPECT_EQ(received[1].session_id(), session.session_id());
  EXPECT_EQ(received[1].chat_id(), session.chat_id());
  EXPECT_LT(received[0].cursor(), received[1].cursor());
}

TEST_P(RoundTrip, AssignmentsAndTransfersArriveAsEvents) {
  auto session = harness_.Start();
  EventCollector events(harness_.stub(), For(session));
  auto first = events.WaitFor(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_THAT(first[0].chat_transferred().agent_ids(), ElementsAre("jane.doe@example.com"));
  EXPECT_THAT(first[0].chat_transferred().group_ids(), ElementsAre(kSupportGroup));

  harness_.sim().Transfer(session.chat_id(), {{"agent_ids", {"john.roe@example.com"}},
                                              {"reason", "manual"}});
  auto received = events.WaitFor(2);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_THAT(received[1].chat_transferred().agent_ids(), ElementsAre("john.roe@example.com"));

  hitl::v1::GetSessionRequest get;
  get.set_session_id(session.session_id());
  hitl::v1::GetSessionResponse got;
  grpc::ClientContext context;
  ASSERT_TRUE(harness_.stub().GetSession(&context, get, &got).ok());
  EXPECT_EQ(got.session().state(), hitl::v1::SESSION_STATE_ACTIVE);
  EXPECT_THAT(got.session().agent_ids(), ElementsAre("john.roe@example.com"));
}

TEST_P(RoundTrip, QueuesTheChatWhenNoAgentIsFree) {
  harness_.sim().SetAgentAccepting("jane.doe@example.com", false);
  harness_.sim().SetAgentAccepting("john.roe@example.com", false);
  auto session = harness_.Start();
  EXPECT_EQ(session.state(), hitl::v1::SESSION_STATE_WAITING);
  EventCollector events(harness_.stub(), For(session));
  auto received = events.WaitFor(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_TRUE(received[0].chat_transferred().agent_ids().empty());
  EXPECT_GE(received[0].chat_transferred().queue().position(), 1);
}

TEST_P(RoundTrip, AgentFilesArriveWithTheirDetails) {
  auto session = harness_.Start();
  EventCollector events(harness_.stub(), For(session));
  harness_.sim().AgentFile(session.chat_id(), "label.png", "image/png", 48211);
  auto received = events.WaitFor(2);
  ASSERT_EQ(received.size(), 2u);
  const auto& file = received[1].agent_file();
  EXPECT_EQ(file.name(), "label.png");
  EXPECT_EQ(file.content_type(), "image/png");
  EXPECT_EQ(file.size(), 48211);
  EXPECT_FALSE(file.url().empty());
}

TEST_P(RoundTrip, TheAgentClosingTheChatEndsTheSessionOnce) {
  auto session = harness_.Start();
  EventCollector events(harness_.stub(), For(session));
  harness_.sim().Close(session.chat_id(), "jane.doe@example.com");
  // A stream of one session finishes by itself after its end.
  EXPECT_TRUE(events.WaitForEnd().ok());
  auto received = events.events();
  ASSERT_EQ(received.size(), 2u);
  ASSERT_TRUE(received[1].has_session_ended());
  EXPECT_EQ(received[1].session_ended().ended_by(), hitl::v1::ENDED_BY_AGENT);
  EXPECT_EQ(received[1].session_ended().agent_id(), "jane.doe@example.com");

  // Stopping afterwards returns the ended session and ends nothing again.
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  hitl::v1::StopHitlResponse stopped;
  grpc::ClientContext context;
  ASSERT_TRUE(harness_.stub().StopHitl(&context, stop, &stopped).ok());
  EXPECT_EQ(stopped.session().ended_by(), hitl::v1::ENDED_BY_AGENT);
  EXPECT_EQ(EndedEventsOf(session), 1);
}

TEST_P(RoundTrip, StopHitlReallyClosesTheChatInLiveChat) {
  auto session = harness_.Start();
  EventCollector events(harness_.stub(), For(session));
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  stop.set_reason("user said bye");
  hitl::v1::StopHitlResponse stopped;
  grpc::ClientContext context;
  ASSERT_TRUE(harness_.stub().StopHitl(&context, stop, &stopped).ok());
  EXPECT_EQ(stopped.session().state(), hitl::v1::SESSION_STATE_ENDED);
  EXPECT_EQ(stopped.session().ended_by(), hitl::v1::ENDED_BY_BOT);
  EXPECT_EQ(stopped.session().end_reason(), "user said bye");
  EXPECT_FALSE(harness_.sim().Chat(session.chat_id())["active"].get<bool>());

  EXPECT_TRUE(events.WaitForEnd().ok());
  // LiveChat's chat_deactivated webhook for our own call adds no second end.
  ASSERT_TRUE(Eventually([&] {
    for (const Json& delivery : harness_.sim().Webhooks()) {
      if (delivery["action"] == "chat_deactivated" && delivery["status"] == 200) return true;
    }
    return false;
  }));
  EXPECT_EQ(EndedEventsOf(session), 1);
}

INSTANTIATE_TEST_SUITE_P(, RoundTrip, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

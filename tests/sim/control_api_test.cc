// Integration tests of the control API under /sim/.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/event.h"
#include "tests/sim/sim_test_support.h"

namespace hitl::sim::testing {
namespace {

namespace wire = livechat::wire;

class SimControlApi : public SimTest {
 protected:
  Json Chat(const std::string& chat_id) { return Get("/sim/chats/" + chat_id).body; }
  Json Events(const std::string& chat_id) { return Chat(chat_id)["threads"].back()["events"]; }
};

TEST_F(SimControlApi, HealthEndpointsAnswer) {
  EXPECT_EQ(Get("/healthz").status, 200);
  EXPECT_EQ(Get("/sim/health").status, 200);
  HttpResult unknown = Get("/sim/nothing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(unknown.body.contains("error"));
}

TEST_F(SimControlApi, ChatsShowCustomerAgentsAndThreads) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  Json listed = Get("/sim/chats").body["chats"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], chat_id);
  EXPECT_EQ(listed[0]["active"], true);
  EXPECT_EQ(listed[0]["customer_id"], customer.customer_id);
  EXPECT_EQ(listed[0]["group_ids"], Json::array({7}));
  ASSERT_EQ(listed[0]["agent_ids"].size(), 1u);

  Json chat = Chat(chat_id);
  EXPECT_EQ(chat["access"]["group_ids"], Json::array({7}));
  EXPECT_EQ(chat["agent_ids"], listed[0]["agent_ids"]);
  ASSERT_EQ(chat["users"].size(), 2u);
  EXPECT_EQ(chat["users"][0]["type"], "customer");
  EXPECT_TRUE(chat["users"][0]["session_fields"].is_array());
  ASSERT_EQ(chat["threads"].size(), 1u);
  EXPECT_EQ(chat["threads"][0]["active"], true);

  HttpResult missing = Get("/sim/chats/NOSUCHCHAT");
  EXPECT_EQ(missing.status, 404);
  EXPECT_FALSE(StringAt(missing.body, "error").empty());
}

TEST_F(SimControlApi, AgentMessageIsWrittenByTheAssignedAgent) {
  const std::string chat_id = StartRoutedChat(Token());
  const std::string assigned = Chat(chat_id)["agent_ids"][0];
  HttpResult posted =
      Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", "Hi, I'm here"}});
  ASSERT_EQ(posted.status, 200) << posted.body;
  Json event = Events(chat_id).back();
  EXPECT_EQ(event["id"], posted.body["event_id"]);
  EXPECT_EQ(event["author_id"], assigned);
  EXPECT_EQ(event["visibility"], "all");
  EXPECT_EQ(event["text"], "Hi, I'm here");

  HttpResult by_john = Post("/sim/chats/" + chat_id + "/agent_message",
                            Json{{"text", "me too"}, {"agent_id", "john.roe@example.com"}});
  ASSERT_EQ(by_john.status, 200);
  EXPECT_EQ(Events(chat_id).back()["author_id"], "john.roe@example.com");
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/agent_message",
                 Json{{"text", "x"}, {"agent_id", "nobody@example.com"}})
                .status,
            404);
}

TEST_F(SimControlApi, UnassignedChatsGetTheFirstAgentOfTheirGroup) {
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", "hello"}}).status, 200);
  EXPECT_EQ(Events(chat_id).back()["author_id"], "jane.doe@example.com");  // group 0's agent
}

TEST_F(SimControlApi, InternalNotesAndFilesBecomeEvents) {
  const std::string chat_id = StartRoutedChat(Token());
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/internal_note", Json{{"text", "VIP"}}).status, 200);
  EXPECT_EQ(Events(chat_id).back()["visibility"], "agents");

  HttpResult file =
      Post("/sim/chats/" + chat_id + "/agent_file",
           Json{{"name", "return label.png"}, {"content_type", "image/png"}, {"size", 48211}});
  ASSERT_EQ(file.status, 200) << file.body;
  auto event = wire::ParseEvent(Events(chat_id).back(), "event", wire::EventSource::kPushed);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->type, "file");
  EXPECT_EQ(event->name, "return label.png");
  EXPECT_TRUE(absl::StartsWith(event->url, "https://cdn.livechat-files.com/api/file/lc/att/"));
  EXPECT_TRUE(absl::EndsWith(event->url, "/return%20label.png"));
  EXPECT_FALSE(event->thumbnail_url.empty());
  EXPECT_EQ(*event->size, 48211);
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/agent_file", Json{{"name", "x.pdf"}}).status, 400);
}

TEST_F(SimControlApi, TransferAppliesWhatIsGiven) {
  const std::string chat_id = StartRoutedChat(Token());
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/transfer",
                 Json{{"agent_ids", {"john.roe@example.com"}}, {"group_ids", {0}}})
                .status,
            200);
  Json chat = Chat(chat_id);
  EXPECT_EQ(chat["agent_ids"], Json::array({"john.roe@example.com"}));
  EXPECT_EQ(chat["access"]["group_ids"], Json::array({0}));
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/transfer",
                 Json{{"group_ids", {7}}, {"queue", {{"position", 3}, {"wait_time", 240}}}})
                .status,
            200);
  chat = Chat(chat_id);
  EXPECT_TRUE(chat["agent_ids"].empty());
  EXPECT_EQ(chat["threads"][0]["queue"]["position"], 3);
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/transfer", Json::object()).status, 400);
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/transfer", Json{{"group_ids", {99}}}).status, 400);
}

TEST_F(SimControlApi, CloseDeactivatesOnce) {
  const std::string chat_id = StartRoutedChat(Token());
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/close", Json::object()).status, 200);
  EXPECT_EQ(Chat(chat_id)["active"], false);
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/close", Json::object()).status, 400);
  EXPECT_EQ(Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", "late"}}).status, 400);
  EXPECT_EQ(Post("/sim/chats/NOSUCHCHAT/close", Json::object()).status, 404);
}

TEST_F(SimControlApi, BadRequestsAreExplained) {
  const std::string chat_id = StartRoutedChat(Token());
  HttpResult not_json = PostRaw("/sim/chats/" + chat_id + "/agent_message", "{text");
  EXPECT_EQ(not_json.status, 400);
  HttpResult no_text = Post("/sim/chats/" + chat_id + "/agent_message", Json::object());
  EXPECT_EQ(no_text.status, 400);
  EXPECT_TRUE(absl::StartsWith(StringAt(no_text.body, "error"), "text")) << no_text.body;
  HttpResult too_long = Post("/sim/chats/" + chat_id + "/agent_message",
                             Json{{"text", std::string(16 * 1024 + 1, 'x')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(Post("/sim/customers/nobody/expire_token", Json::object()).status, 404);
  EXPECT_EQ(Post("/sim/agents/nobody@example.com/routing", Json{{"accepting", true}}).status, 404);
  EXPECT_EQ(Post("/sim/agents/jane.doe@example.com/routing", Json::object()).status, 400);
}

TEST_F(SimControlApi, AgentRoutingAssignsQueuedChats) {
  for (const char* agent : {"jane.doe@example.com", "john.roe@example.com"}) {
    ASSERT_EQ(
        Post(std::string("/sim/agents/") + agent + "/routing", Json{{"accepting", false}}).status,
        200);
  }
  HttpResult groups = Configuration("list_groups", Json{{"fields", {"routing_status"}}});
  EXPECT_EQ(groups.body[1]["routing_status"], "not_accepting_chats");
  const std::string chat_id = StartRoutedChat(Token());  // queued: nobody accepts
  EXPECT_TRUE(Chat(chat_id)["agent_ids"].empty());
  HttpResult routed = Post("/sim/agents/john.roe@example.com/routing", Json{{"accepting", true}});
  ASSERT_EQ(routed.status, 200);
  EXPECT_EQ(routed.body["assigned_chat_ids"], Json::array({chat_id}));
  EXPECT_EQ(Chat(chat_id)["agent_ids"], Json::array({"john.roe@example.com"}));
  EXPECT_FALSE(Chat(chat_id)["threads"][0].contains("queue"));
}

TEST_F(SimControlApi, AutoAgentAnswersCustomerMessagesOnly) {
  ASSERT_EQ(Post("/sim/config", Json{{"auto_agent", true}, {"auto_agent_delay_ms", 10}}).status,
            200);
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  const std::string assigned = Chat(chat_id)["agent_ids"][0];
  auto say = [&](const std::string& text) {
    return Customer(customer.access_token, "send_event",
                    Json{{"chat_id", chat_id}, {"event", {{"type", "message"}, {"text", text}}}});
  };
  const std::string long_text(300, 'q');
  ASSERT_EQ(say(long_text).status, 200);
  ASSERT_TRUE(Eventually([&] { return Events(chat_id).size() == 2; }));
  Json reply = Events(chat_id)[1];
  EXPECT_EQ(reply["author_id"], assigned);
  EXPECT_EQ(reply["text"], "Auto-reply: " + std::string(200, 'q'));

  // An agent's message gets no auto-reply: the next event after it is the
  // customer's, then the reply to that.
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", "human"}}).status, 200);
  ASSERT_EQ(say("again").status, 200);
  ASSERT_TRUE(Eventually([&] { return Events(chat_id).size() >= 5; }));
  Json events = Events(chat_id);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[2]["text"], "human");
  EXPECT_EQ(events[3]["text"], "again");
  EXPECT_EQ(events[4]["text"], "Auto-reply: again");
  EXPECT_EQ(Get("/sim/config").body["auto_agent"], true);
}

}  // namespace
}  // namespace hitl::sim::testing

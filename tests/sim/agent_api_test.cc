// Integration tests of the simulated Agent Chat and Configuration APIs over
// real HTTP.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/api_error.h"
#include "server/livechat/wire/chat_api.h"
#include "server/livechat/wire/protocol.h"
#include "tests/sim/sim_test_support.h"

namespace hitl::sim::testing {
namespace {

namespace wire = livechat::wire;

using SimAgentApi = SimTest;

// The error envelope of `result`, checked to be well-formed.
wire::ApiError ErrorOf(const HttpResult& result) {
  auto error = wire::ParseApiError(result.body.dump());
  EXPECT_TRUE(error.has_value()) << result.body;
  return error.value_or(wire::ApiError{});
}

Json Message(const std::string& text) {
  return Json{{"type", "message"}, {"text", text}, {"visibility", "all"}};
}

TEST_F(SimAgentApi, RejectsMissingOrWrongCredentials) {
  const std::string path = "/v3.5/agent/action/list_chats";
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"Authorization", "Basic d3Jvbmc="}},
        httplib::Headers{{"Authorization", "Token " + DefaultAgentToken()}}}) {
    HttpResult result = Post(path, Json::object(), headers);
    EXPECT_EQ(result.status, 401);
    EXPECT_EQ(ErrorOf(result).type, "authentication");
  }
  HttpResult bearer =
      Post(path, Json::object(), {{"Authorization", "Bearer " + DefaultAgentToken()}});
  EXPECT_EQ(bearer.status, 200) << bearer.body;
  HttpResult config = Post("/v3.5/configuration/action/list_groups", Json::object(),
                           {{"Authorization", "Basic nope"}});
  EXPECT_EQ(ErrorOf(config).type, "authentication");
}

TEST_F(SimAgentApi, RejectsOtherApiVersionsAndUnknownActions) {
  HttpResult old = Post("/v3.4/agent/action/get_chat", Json{{"chat_id", "X"}},
                        {{"Authorization", "Basic " + DefaultAgentToken()}});
  EXPECT_EQ(ErrorOf(old).type, "unsupported_version");
  HttpResult close = Agent("close_chat", Json{{"chat_id", "X"}});
  EXPECT_EQ(close.status, 404);
  EXPECT_EQ(ErrorOf(close).type, "not_found");
}

TEST_F(SimAgentApi, ValidationErrorsNameTheField) {
  struct Case {
    std::string action;
    Json body;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {"send_event", Json{{"event", Message("x")}}, "chat_id"},
           {"send_event", Json{{"chat_id", "X"}, {"event", {{"type", "message"}}}}, "event.text"},
           {"transfer_chat", Json{{"id", "X"}, {"target", {{"type", "team"}, {"ids", {1}}}}},
            "target.type"},
           {"deactivate_chat", Json{{"id", 5}}, "id"},
           {"start_chat", Json{{"chat", {{"users", {{{"id", "x"}}}}}}}, "chat.users[0].type"},
           {"start_chat", Json{{"chat", {{"properties", {{"routing", 5}}}}}},
            "chat.properties.routing"},
           {"get_chat", Json::object(), "chat_id"}}) {
    HttpResult result = Agent(c.action, c.body);
    EXPECT_EQ(result.status, 400) << c.action;
    wire::ApiError error = ErrorOf(result);
    EXPECT_EQ(error.type, "validation");
    EXPECT_TRUE(absl::StartsWith(error.message, c.field)) << error.message;
  }
  HttpResult not_json = PostRaw("/v3.5/agent/action/get_chat", "{oops",
                                {{"Authorization", "Basic " + DefaultAgentToken()}});
  EXPECT_EQ(ErrorOf(not_json).type, "validation");
}

TEST_F(SimAgentApi, StartChatEnforcesGroupsAuthorsAndTextLimit) {
  EXPECT_EQ(ErrorOf(Agent("start_chat", Json{{"chat", {{"access", {{"group_ids", {99}}}}}}})).type,
            "validation");
  Json foreign = Message("hi");
  foreign["author_id"] = "stranger@example.com";
  EXPECT_EQ(
      ErrorOf(Agent("start_chat", Json{{"chat", {{"thread", {{"events", {foreign}}}}}}})).type,
      "validation");
  Json too_long = Message(std::string(wire::kMaxEventTextBytes + 1, 'x'));
  HttpResult rejected = Agent("start_chat", Json{{"chat", {{"thread", {{"events", {too_long}}}}}}});
  EXPECT_EQ(ErrorOf(rejected).type, "validation");
  Json at_limit = Message(std::string(wire::kMaxEventTextBytes, 'x'));
  HttpResult accepted = Agent("start_chat", Json{{"chat", {{"thread", {{"events", {at_limit}}}}}}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto response = wire::ParseStartChatResponse(accepted.body);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->event_ids.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(response->event_ids[0], response->thread_id + "_"));
}

TEST_F(SimAgentApi, StartTransferAndGetChatParseWithTheAdaptersWireCode) {
  CustomerGrant customer = Token();
  Json first = Message("Refund request");
  first["author_id"] = customer.customer_id;
  first["custom_id"] = "hitl-1";
  HttpResult started =
      Agent("start_chat", Json{{"chat",
                                {{"access", {{"group_ids", {7}}}},
                                 {"users", {{{"id", customer.customer_id}, {"type", "customer"}}}},
                                 {"thread", {{"events", {first}}}}}},
                               {"continuous", true}});
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string chat_id = StringAt(started.body, "chat_id");
  HttpResult transferred =
      Agent("transfer_chat", Json{{"id", chat_id},
                                  {"target", {{"type", "group"}, {"ids", {7}}}},
                                  {"ignore_requester_presence", true}});
  ASSERT_EQ(transferred.status, 200) << transferred.body;
  EXPECT_EQ(transferred.body, Json::object());

  HttpResult got = Agent("get_chat", Json{{"chat_id", chat_id}});
  ASSERT_EQ(got.status, 200);
  auto chat = wire::ParseChat(got.body);
  ASSERT_TRUE(chat.ok()) << chat.status();
  EXPECT_EQ(chat->group_ids, std::vector<int64_t>{7});
  ASSERT_TRUE(chat->thread);
  EXPECT_TRUE(chat->thread->active);
  ASSERT_EQ(chat->thread->events.size(), 1u);
  EXPECT_EQ(chat->thread->events[0].author_id, customer.customer_id);
  EXPECT_EQ(chat->thread->events[0].custom_id, "hitl-1");
  ASSERT_EQ(chat->users.size(), 2u);  // the requester left for the routed agent
  EXPECT_EQ(chat->users[0].type, "customer");
  EXPECT_EQ(chat->users[1].type, "agent");
  EXPECT_NE(chat->users[1].id, "bot@example.com");
  EXPECT_EQ(got.body["properties"]["routing"]["continuous"], true);
  EXPECT_EQ(got.body["is_followed"], false);
}

TEST_F(SimAgentApi, TransferWithoutAvailableAgentsFailsUnlessQueueingIsAllowed) {
  for (const char* agent : {"jane.doe@example.com", "john.roe@example.com"}) {
    ASSERT_EQ(
        Post(std::string("/sim/agents/") + agent + "/routing", Json{{"accepting", false}}).status,
        200);
  }
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  Json transfer = {{"id", chat_id}, {"target", {{"type", "group"}, {"ids", {7}}}}};
  HttpResult refused = Agent("transfer_chat", transfer);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(ErrorOf(refused).type, "validation");
  EXPECT_EQ(ErrorOf(refused).message, "Cannot assign any agent from requested groups");

  transfer["ignore_agents_availability"] = true;
  ASSERT_EQ(Agent("transfer_chat", transfer).status, 200);
  auto chat = wire::ParseChat(Agent("get_chat", Json{{"chat_id", chat_id}}).body);
  ASSERT_TRUE(chat.ok()) << chat.status();
  ASSERT_TRUE(chat->thread->queue);
  EXPECT_EQ(chat->thread->queue->position, 1);
  EXPECT_TRUE(chat->users.empty());
}

TEST_F(SimAgentApi, TransferToAnAgentAndRequesterPresenceRules) {
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("transfer_chat",
                  Json{{"id", chat_id},
                       {"target", {{"type", "agent"}, {"ids", {"john.roe@example.com"}}}}})
                .status,
            200);
  auto chat = wire::ParseChat(Agent("get_chat", Json{{"chat_id", chat_id}}).body);
  ASSERT_EQ(chat->users.size(), 1u);
  EXPECT_EQ(chat->users[0].id, "john.roe@example.com");
  // The requester is no longer in the chat.
  EXPECT_EQ(ErrorOf(Agent("send_event", Json{{"chat_id", chat_id}, {"event", Message("x")}})).type,
            "validation");
  EXPECT_EQ(ErrorOf(Agent("deactivate_chat", Json{{"id", chat_id}})).type, "validation");
  EXPECT_EQ(
      Agent("deactivate_chat", Json{{"id", chat_id}, {"ignore_requester_presence", true}}).status,
      200);
  EXPECT_EQ(ErrorOf(Agent("transfer_chat", Json{{"id", "NOSUCHCHAT"}})).type, "not_found");
}

TEST_F(SimAgentApi, InactiveChatsRefuseEventsTransfersAndSecondDeactivation) {
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  HttpResult sent = Agent("send_event", Json{{"chat_id", chat_id}, {"event", Message("hello")}});
  ASSERT_EQ(sent.status, 200);
  EXPECT_TRUE(absl::StrContains(StringAt(sent.body, "event_id"), "_"));
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", chat_id}}).body, Json::object());
  for (const HttpResult& result :
       {Agent("deactivate_chat", Json{{"id", chat_id}}),
        Agent("send_event", Json{{"chat_id", chat_id}, {"event", Message("again")}}),
        Agent("transfer_chat", Json{{"id", chat_id}})}) {
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(ErrorOf(result).type, "chat_inactive");
  }
  EXPECT_EQ(ErrorOf(Agent("deactivate_chat", Json{{"id", "NOSUCHCHAT"}})).type, "not_found");
}

TEST_F(SimAgentApi, AddUserToChatAcceptsOneCustomer) {
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  CustomerGrant first = Token();
  Json add = {
      {"chat_id", chat_id},  {"user_id", first.customer_id},      {"user_type", "customer"},
      {"visibility", "all"}, {"ignore_requester_presence", true}, {"email", "ignored@example.com"}};
  HttpResult added = Agent("add_user_to_chat", add);
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.body, Json::object());
  add["user_id"] = Token().customer_id;
  EXPECT_EQ(ErrorOf(Agent("add_user_to_chat", add)).type, "validation");
  add.erase("visibility");
  EXPECT_EQ(ErrorOf(Agent("add_user_to_chat", add)).message.rfind("visibility", 0), 0u);
  // The added customer may now write.
  HttpResult sent = Customer(first.access_token, "send_event",
                             Json{{"chat_id", chat_id}, {"event", Message("hi")}});
  EXPECT_EQ(sent.status, 200) << sent.body;
}

TEST_F(SimAgentApi, ListChatsFiltersAndLimits) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(StringAt(
        Agent("start_chat", Json{{"chat", {{"access", {{"group_ids", {i == 0 ? 0 : 7}}}}}}}).body,
        "chat_id"));
  }
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", ids[2]}}).status, 200);
  HttpResult all = Agent("list_chats", Json::object());
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body["found_chats"], 3);
  EXPECT_EQ(all.body["chats_summary"][0]["id"], ids[2]);  // newest first
  HttpResult group7 = Agent(
      "list_chats", Json{{"filters", {{"group_ids", {7}}}}, {"limit", 1}, {"sort_order", "asc"}});
  EXPECT_EQ(group7.body["found_chats"], 2);
  ASSERT_EQ(group7.body["chats_summary"].size(), 1u);
  EXPECT_EQ(group7.body["chats_summary"][0]["id"], ids[1]);
  EXPECT_EQ(group7.body["chats_summary"][0]["last_thread_summary"]["active"], true);
  HttpResult inactive_excluded =
      Agent("list_chats", Json{{"filters", {{"include_active", false}}}});
  EXPECT_EQ(inactive_excluded.body["found_chats"], 1);
  EXPECT_EQ(ErrorOf(Agent("list_chats", Json{{"limit", 101}})).type, "validation");
}

TEST_F(SimAgentApi, ListGroupsAnswersATopLevelArray) {
  HttpResult result =
      Configuration("list_groups", Json{{"fields", {"agent_priorities", "routing_status"}}});
  ASSERT_EQ(result.status, 200);
  ASSERT_TRUE(result.body.is_array());
  auto groups = wire::ParseGroups(result.body);
  ASSERT_TRUE(groups.ok()) << groups.status();
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[1].id, 7);
  EXPECT_EQ((*groups)[1].name, "Support");
  EXPECT_EQ((*groups)[1].agent_priorities.size(), 2u);
  EXPECT_EQ((*groups)[1].routing_status, "accepting_chats");
  HttpResult plain = Configuration("list_groups", Json::object());
  EXPECT_FALSE(plain.body[0].contains("agent_priorities"));
  EXPECT_EQ(ErrorOf(Configuration("list_webhooks", Json::object())).type, "not_found");
}

}  // namespace
}  // namespace hitl::sim::testing

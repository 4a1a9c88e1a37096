// Integration tests of the simulated Customer Chat API over real HTTP.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/api_error.h"
#include "server/livechat/wire/chat_api.h"
#include "tests/sim/sim_test_support.h"

namespace hitl::sim::testing {
namespace {

namespace wire = livechat::wire;

using SimCustomerApi = SimTest;

std::string ErrorType(const HttpResult& result) {
  auto error = wire::ParseApiError(result.body.dump());
  return error ? error->type : "<no envelope>";
}

Json Message(const std::string& text) { return Json{{"type", "message"}, {"text", text}}; }

TEST_F(SimCustomerApi, RequiresTheOrganizationIdQuery) {
  CustomerGrant customer = Token();
  httplib::Headers auth = {{"Authorization", "Bearer " + customer.access_token}};
  HttpResult missing = Post("/v3.5/customer/action/get_customer", Json::object(), auth);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(ErrorType(missing), "validation");
  HttpResult wrong =
      Post("/v3.5/customer/action/get_customer?organization_id=other", Json::object(), auth);
  EXPECT_EQ(ErrorType(wrong), "validation");
}

TEST_F(SimCustomerApi, RejectsUnknownExpiredAndAgentTokens) {
  for (const std::string& token : {std::string("dal:made-up"), DefaultAgentToken()}) {
    HttpResult result = Customer(token, "get_customer", Json::object());
    EXPECT_EQ(result.status, 401);
    EXPECT_EQ(ErrorType(result), "authentication");
    EXPECT_EQ(result.body["error"]["message"], "Invalid access token");
  }
  CustomerGrant customer = Token();
  ASSERT_EQ(Customer(customer.access_token, "get_customer", Json::object()).status, 200);
  HttpResult expired =
      Post("/sim/customers/" + customer.customer_id + "/expire_token", Json::object());
  ASSERT_EQ(expired.status, 200);
  EXPECT_EQ(expired.body["expired_tokens"], 1);
  EXPECT_EQ(ErrorType(Customer(customer.access_token, "get_customer", Json::object())),
            "authentication");
  // Renewing with the identity cookies keeps the customer.
  CustomerGrant renewed = Token(customer.cookie_header);
  EXPECT_EQ(renewed.customer_id, customer.customer_id);
  HttpResult me = Customer(renewed.access_token, "get_customer", Json::object());
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body["id"], customer.customer_id);
}

TEST_F(SimCustomerApi, HandoffFlowFromStartChatToGetChat) {
  CustomerGrant customer = Token();
  ASSERT_EQ(Customer(customer.access_token, "update_customer",
                     Json{{"name", "Thomas Anderson"}, {"email", "t.anderson@example.com"}})
                .status,
            200);
  const std::string chat_id = StartRoutedChat(customer);
  Json event = Message("My order number is 4411.");
  event["custom_id"] = "bp-msg-43";
  event["visibility"] = "all";  // sent by some clients; harmless
  HttpResult sent =
      Customer(customer.access_token, "send_event", Json{{"chat_id", chat_id}, {"event", event}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto response = wire::ParseSendEventResponse(sent.body);
  ASSERT_TRUE(response.ok());

  auto chat = wire::ParseChat(Agent("get_chat", Json{{"chat_id", chat_id}}).body);
  ASSERT_TRUE(chat.ok()) << chat.status();
  const wire::Event& stored = chat->thread->events.back();
  EXPECT_EQ(stored.id, response->event_id);
  EXPECT_EQ(stored.custom_id, "bp-msg-43");
  EXPECT_EQ(stored.author_id, customer.customer_id);
  EXPECT_EQ(stored.visibility, "all");
  EXPECT_EQ(stored.text, "My order number is 4411.");
  EXPECT_EQ(chat->users[0].name, "Thomas Anderson");

  HttpResult own = Customer(customer.access_token, "get_chat", Json{{"chat_id", chat_id}});
  ASSERT_EQ(own.status, 200);
  EXPECT_FALSE(own.body.contains("is_followed"));
  EXPECT_FALSE(own.body["thread"]["events"].back().contains("visibility"));
}

TEST_F(SimCustomerApi, SendEventRulesAndAttachToLastThread) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  auto send = [&](const Json& body) { return Customer(customer.access_token, "send_event", body); };
  EXPECT_EQ(ErrorType(send(Json{{"chat_id", chat_id}, {"event", Message("")}})), "validation");
  EXPECT_EQ(ErrorType(send(Json{{"chat_id", chat_id}, {"event", {{"type", "message"}}}})),
            "validation");
  EXPECT_EQ(ErrorType(send(
                Json{{"chat_id", chat_id}, {"event", Message(std::string(16 * 1024 + 1, 'x'))}})),
            "validation");
  EXPECT_EQ(ErrorType(send(Json{{"chat_id", "NOSUCHCHAT"}, {"event", Message("x")}})), "not_found");
  // Another customer's chat.
  CustomerGrant other = Token();
  HttpResult foreign = Customer(other.access_token, "send_event",
                                Json{{"chat_id", chat_id}, {"event", Message("x")}});
  EXPECT_EQ(ErrorType(foreign), "authorization");
  EXPECT_EQ(ErrorType(Customer(other.access_token, "get_chat", Json{{"chat_id", chat_id}})),
            "authorization");

  ASSERT_EQ(Customer(customer.access_token, "deactivate_chat", Json{{"id", chat_id}}).status, 200);
  EXPECT_EQ(ErrorType(send(Json{{"chat_id", chat_id}, {"event", Message("late")}})),
            "chat_inactive");
  HttpResult attached =
      send(Json{{"chat_id", chat_id}, {"event", Message("late")}, {"attach_to_last_thread", true}});
  EXPECT_EQ(attached.status, 200) << attached.body;
  EXPECT_EQ(ErrorType(Customer(customer.access_token, "deactivate_chat", Json{{"id", chat_id}})),
            "chat_inactive");
}

TEST_F(SimCustomerApi, CustomerProfileAndSessionFields) {
  CustomerGrant customer = Token();
  EXPECT_EQ(ErrorType(Customer(customer.access_token, "update_customer", Json::object())),
            "validation");
  Json update = {{"name", "Thomas"},
                 {"session_fields", {{{"botpress_user_id", "user_01"}}, {{"source", "hitl"}}}}};
  HttpResult updated = Customer(customer.access_token, "update_customer", update);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.body, Json::object());
  HttpResult got = Customer(customer.access_token, "get_customer", Json::object());
  auto parsed = wire::ParseCustomer(got.body);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->id, customer.customer_id);
  EXPECT_EQ(parsed->name, "Thomas");
  EXPECT_EQ(parsed->session_fields, (std::vector<std::pair<std::string, std::string>>{
                                        {"botpress_user_id", "user_01"}, {"source", "hitl"}}));
  EXPECT_EQ(got.body["type"], "customer");
}

TEST_F(SimCustomerApi, ListChatsShowsOnlyTheCustomersChats) {
  CustomerGrant customer = Token();
  const std::string first = StartRoutedChat(customer);
  const std::string second = StartRoutedChat(customer);
  StartRoutedChat(Token());
  HttpResult listed = Customer(customer.access_token, "list_chats", Json{{"limit", 25}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.body["total_chats"], 2);
  ASSERT_EQ(listed.body["chats_summary"].size(), 2u);
  const Json& newest = listed.body["chats_summary"][0];
  EXPECT_EQ(newest["id"], second);
  EXPECT_EQ(newest["active"], true);
  EXPECT_FALSE(StringAt(newest, "last_thread_id").empty());
  EXPECT_EQ(newest["access"]["group_ids"], Json::array({7}));
  EXPECT_EQ(listed.body["chats_summary"][1]["id"], first);
  EXPECT_EQ(ErrorType(Customer(customer.access_token, "list_chats", Json{{"limit", 26}})),
            "validation");
}

TEST_F(SimCustomerApi, InternalNotesStayHiddenFromTheCustomer) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/internal_note", Json{{"text", "VIP customer"}}).status,
            200);
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", "Hello!"}}).status, 200);
  HttpResult own = Customer(customer.access_token, "get_chat", Json{{"chat_id", chat_id}});
  ASSERT_EQ(own.status, 200);
  ASSERT_EQ(own.body["thread"]["events"].size(), 1u);
  EXPECT_EQ(own.body["thread"]["events"][0]["text"], "Hello!");
  HttpResult agent_view = Agent("get_chat", Json{{"chat_id", chat_id}});
  EXPECT_EQ(agent_view.body["thread"]["events"].size(), 2u);
}

TEST_F(SimCustomerApi, UnknownActionIsNotFound) {
  CustomerGrant customer = Token();
  HttpResult result = Customer(customer.access_token, "send_sneak_peek", Json::object());
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(ErrorType(result), "not_found");
}

}  // namespace
}  // namespace hitl::sim::testing

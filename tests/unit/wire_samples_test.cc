// The shared wire format against LiveChat's documented samples: what the
// adapter builds equals the documented request bodies, and everything the
// simulator must read (requests) or the adapter must read (responses,
// errors) parses.
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/livechat/wire/accounts.h"
#include "server/livechat/wire/api_error.h"
#include "server/livechat/wire/chat_api.h"
#include "tests/support/test_files.h"

namespace hitl::livechat::wire {
namespace {

using nlohmann::json;

json Sample(const std::string& name) { return json::parse(testing::ReadSample(name)); }
json RequestBody(const std::string& name) { return Sample(name)["request"]["body"]; }
json ResponseBody(const std::string& name) { return Sample(name)["response"]["body"]; }

TEST(WireSamples, BuildsTheDocumentedTransferRequest) {
  TransferChatRequest request{.id = "RZ4K8Q2M7T",
                              .target = TransferTarget{.type = "group", .group_ids = {7}},
                              .ignore_agents_availability = false,
                              .ignore_requester_presence = true};
  EXPECT_EQ(ToJson(request), RequestBody("agent.transfer_chat.json"));
  auto parsed = ParseTransferChatRequest(RequestBody("agent.transfer_chat.json"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->target->group_ids, std::vector<int64_t>{7});
}

TEST(WireSamples, BuildsTheDocumentedDeactivateRequest) {
  EXPECT_EQ(ToJson(DeactivateChatRequest{.id = "RZ4K8Q2M7T", .ignore_requester_presence = true}),
            RequestBody("agent.deactivate_chat.json"));
}

TEST(WireSamples, BuildsTheDocumentedCustomerSendEvent) {
  SendEventRequest request{.chat_id = "RZ4K8Q2M7T",
                           .event = Event{.custom_id = "bp-msg-000043", .type = "message",
                                          .text = "My order number is 4411."},
                           .attach_to_last_thread = false};
  EXPECT_EQ(ToJson(request), RequestBody("customer.send_event.json"));
}

TEST(WireSamples, BuildsTheDocumentedUpdateCustomer) {
  UpdateCustomerRequest request{.name = "Thomas Anderson",
                                .email = "t.anderson@example.com",
                                .session_fields = {{"botpress_user_id", "user_01HZX4"},
                                                   {"source", "hitl"}}};
  EXPECT_EQ(ToJson(request), RequestBody("customer.update_customer.json"));
}

TEST(WireSamples, BuildsTheDocumentedStartChatWithCustomer) {
  auto parsed = ParseStartChatRequest(RequestBody("agent.start_chat.with_customer.json"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->users.size(), 1u);
  EXPECT_EQ(parsed->users[0].type, "customer");
  EXPECT_EQ(parsed->group_ids, std::vector<int64_t>{7});
  EXPECT_EQ(parsed->continuous, true);
  // Built back, the documented shape comes out (empty thread properties aside).
  json built = ToJson(*parsed);
  json expected = RequestBody("agent.start_chat.with_customer.json");
  expected["chat"]["thread"].erase("properties");
  EXPECT_EQ(built, expected);
}

TEST(WireSamples, ParsesEveryRequestTheSimulatorServes) {
  EXPECT_TRUE(ParseStartChatRequest(RequestBody("agent.start_chat.json")).ok());
  EXPECT_TRUE(ParseSendEventRequest(RequestBody("agent.send_event.json")).ok());
  EXPECT_TRUE(ParseSendEventRequest(RequestBody("customer.send_event.json")).ok());
  EXPECT_TRUE(ParseSendEventRequest(RequestBody("customer.send_event.file.json")).ok());
  EXPECT_TRUE(ParseDeactivateChatRequest(RequestBody("customer.deactivate_chat.json")).ok());
  EXPECT_TRUE(ParseGetChatRequest(RequestBody("agent.get_chat.json")).ok());
  EXPECT_TRUE(ParseUpdateCustomerRequest(RequestBody("customer.update_customer.json")).ok());
  auto token = ParseCustomerTokenRequest(
      RequestBody("accounts.customer_token.cookie_grant.new_customer.json"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->grant_type, "cookie");
}

TEST(WireSamples, ParsesEveryResponseTheAdapterReads) {
  EXPECT_TRUE(ParseStartChatResponse(ResponseBody("agent.start_chat.json")).ok());
  EXPECT_TRUE(ParseSendEventResponse(ResponseBody("customer.send_event.json")).ok());
  auto chat = ParseChat(ResponseBody("agent.get_chat.json"));
  ASSERT_TRUE(chat.ok()) << chat.status();
  EXPECT_EQ(chat->thread->events.size(), 2u);
  EXPECT_EQ(chat->thread->events[1].custom_id, "lc-agent-app-7f3e21");
  auto groups = ParseGroups(ResponseBody("configuration.list_groups.json"));
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_EQ(groups->at(1).id, 7);
  EXPECT_EQ(groups->at(1).agent_priorities.at("jane.doe@example.com"), "normal");
  auto customer = ParseCustomer(ResponseBody("customer.get_customer.json"));
  ASSERT_TRUE(customer.ok()) << customer.status();
  EXPECT_EQ(customer->session_fields.size(), 2u);
  for (const char* name : {"accounts.customer_token.cookie_grant.new_customer.json",
                           "accounts.customer_token.cookie_grant.existing_customer.json",
                           "accounts.customer_token.agent_token_grant.json"}) {
    EXPECT_TRUE(ParseCustomerTokenResponse(ResponseBody(name)).ok()) << name;
  }
}

TEST(WireSamples, ReadsTheIdentityCookiesOfTheAccountsService) {
  json sample = Sample("accounts.customer_token.cookie_grant.new_customer.json");
  std::vector<std::string> set_cookies = sample["response"]["headers"]["Set-Cookie"];
  CustomerCookies cookies;
  ApplySetCookies(set_cookies, cookies);
  EXPECT_EQ(cookies.customer_id, "b7c1a9e2-3f4d-4e5a-8b6c-1d2e3f4a5b6c");
  EXPECT_EQ(cookies.secret,
            "87b9d0222e63e349da85535d07c81e1e1fb938de41f4e16e1d9ba5965f25db4aeea46b39d0fb");
  std::string header = Sample("accounts.customer_token.cookie_grant.existing_customer.json")
                           ["request"]["headers"]["Cookie"];
  EXPECT_EQ(CookieHeader(cookies), header);
  CustomerCookies parsed = ParseCookieHeader(header);
  EXPECT_EQ(parsed.customer_id, cookies.customer_id);
  EXPECT_EQ(parsed.secret, cookies.secret);
}

TEST(WireSamples, ReadsEveryErrorEnvelope) {
  for (const auto& [name, type] : std::vector<std::pair<std::string, std::string>>{
           {"error.customer.authentication_expired_token.json", "authentication"},
           {"error.agent.validation_transfer_no_agents.json", "validation"},
           {"error.agent.chat_inactive.json", "chat_inactive"},
           {"error.misdirected_request.json", "misdirected_request"},
           {"error.too_many_requests.json", "too_many_requests"}}) {
    json sample = Sample(name);
    auto error = ParseApiError(sample["response"]["body"].dump());
    ASSERT_TRUE(error.has_value()) << name;
    EXPECT_EQ(error->type, type);
    // The simulator answers the status the samples assume.
    EXPECT_EQ(HttpStatusForErrorType(type), sample["response"]["status"].get<int>()) << name;
  }
  auto oauth = ParseOAuthError(
      Sample("accounts.customer_token.error_401.json")["response"]["body"].dump());
  ASSERT_TRUE(oauth.has_value());
  EXPECT_EQ(oauth->exception, "unauthorized_client");
}

TEST(WireSamples, RejectsRequestsMissingRequiredFields) {
  json body = RequestBody("customer.send_event.json");
  body["event"].erase("text");
  auto parsed = ParseSendEventRequest(body);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("event.text"), std::string::npos);
  EXPECT_FALSE(ParseUpdateCustomerRequest(json::object()).ok());
  EXPECT_FALSE(ParseTransferChatRequest(json{{"id", "C"}, {"target", {{"type", "robot"}, {"ids", {1}}}}}).ok());
}

}  // namespace
}  // namespace hitl::livechat::wire

// The adapter against a scripted transport: what goes over the wire for each
// action, and how failures are retried, verified or reported.
#include "server/livechat/livechat_connection.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/common/errors.h"
#include "server/livechat/livechat_status.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_transport.h"

namespace hitl::livechat {
namespace {

using nlohmann::json;
using testing::FakeClock;
using testing::FakeTransport;

std::string HeaderOf(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

class LiveChatConnectionTest : public ::testing::Test {
 protected:
  LiveChatConnectionTest() {
    options_.api_url = "https://api.example";
    options_.accounts_url = "https://accounts.example";
    options_.client_id = "client-1";
    options_.organization_id = "org 1/x";
    options_.agent_token = "UEFULXRva2Vu";
    options_.retry.budget = absl::Seconds(30);
  }
  LiveChatConnection& connection() {
    if (!connection_) {
      connection_ = std::make_unique<LiveChatConnection>(options_, transport_, clock_,
                                                         [] { return 0.5; });
    }
    return *connection_;
  }
  json Body(size_t index) { return json::parse(transport_.requests().at(index).body); }

  LiveChatOptions options_;
  FakeTransport transport_;
  FakeClock clock_;
  std::unique_ptr<LiveChatConnection> connection_;
};

TEST_F(LiveChatConnectionTest, StartsChatAsTheAgentWithTheCustomerAndGroup) {
  transport_.Ok("/agent/action/start_chat",
                R"({"chat_id":"C1","thread_id":"T1","event_ids":["T1_1","T1_2"]})");
  wire::Event hello{.type = "message", .author_id = "cust-1", .visibility = "all", .text = "hi"};
  auto chat = connection().StartChat({.customer_id = "cust-1", .customer_access_token = "tok",
                                      .group_id = 7, .events = {hello}});
  ASSERT_TRUE(chat.ok()) << chat.status();
  EXPECT_EQ(chat->chat_id, "C1");
  EXPECT_EQ(chat->event_ids.size(), 2u);
  HttpRequest request = transport_.requests().at(0);
  EXPECT_EQ(request.base_url, "https://api.example");
  EXPECT_EQ(request.path, "/v3.5/agent/action/start_chat");
  EXPECT_EQ(HeaderOf(request, "Authorization"), "Basic UEFULXRva2Vu");
  json body = Body(0);
  EXPECT_EQ(body["chat"]["users"], json::parse(R"([{"id":"cust-1","type":"customer"}])"));
  EXPECT_EQ(body["chat"]["access"]["group_ids"], json::parse("[7]"));
  EXPECT_EQ(body["chat"]["thread"]["events"][0]["author_id"], "cust-1");
  EXPECT_EQ(body["continuous"], true);
}

TEST_F(LiveChatConnectionTest, SendsBearerWhenConfiguredForOAuth) {
  options_.agent_auth_scheme = AgentAuthScheme::kBearer;
  transport_.Ok("/agent/action/deactivate_chat", "{}");
  ASSERT_TRUE(connection().DeactivateChat("C1").ok());
  EXPECT_EQ(HeaderOf(transport_.requests().at(0), "Authorization"), "Bearer UEFULXRva2Vu");
}

TEST_F(LiveChatConnectionTest, DeactivatesWithTheDocumentedActionNotCloseChat) {
  transport_.Ok("/agent/action/deactivate_chat", "");
  ASSERT_TRUE(connection().DeactivateChat("C1").ok());
  EXPECT_EQ(Body(0), json::parse(R"({"id":"C1","ignore_requester_presence":true})"));
}

TEST_F(LiveChatConnectionTest, RefusesAnAnswerNestedTooDeepWithoutCrashing) {
  transport_.Ok("get_chat", std::string(100000, '[') + std::string(100000, ']'));
  auto chat = connection().GetChat("C1", "T1");
  ASSERT_FALSE(chat.ok());
  EXPECT_NE(chat.status().message().find("nests deeper than 64 levels"), std::string::npos)
      << chat.status();
}

TEST_F(LiveChatConnectionTest, TreatsAnAlreadyInactiveChatAsDeactivated) {
  transport_.Error("deactivate_chat", 400, "chat_inactive");
  EXPECT_TRUE(connection().DeactivateChat("C1").ok());
}

TEST_F(LiveChatConnectionTest, RoutesToTheGroupQueueingWhenNoAgentIsFree) {
  transport_.Ok("transfer_chat", "{}");
  ASSERT_TRUE(connection().RouteToGroup("C1", 7).ok());
  EXPECT_EQ(Body(0), json::parse(R"({"id":"C1","target":{"type":"group","ids":[7]},
      "ignore_agents_availability":true,"ignore_requester_presence":true})"));
}

TEST_F(LiveChatConnectionTest, NeverRepeatsATransferLiveChatMayHaveDone) {
  transport_.Error("transfer_chat", 500, "internal");
  transport_.Ok("transfer_chat", "{}");
  absl::Status status = connection().RouteToGroup("C1", 7);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(transport_.Count("transfer_chat"), 1);
}

TEST_F(LiveChatConnectionTest, PostsCustomerMessagesWithTokenOrganizationAndCustomId) {
  transport_.Ok("/customer/action/send_event", R"({"event_id":"T1_9"})");
  auto id = connection().SendCustomerMessage("cust-token", "C1", "hello", "req-1");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "T1_9");
  HttpRequest request = transport_.requests().at(0);
  EXPECT_EQ(request.path, "/v3.5/customer/action/send_event?organization_id=org%201%2Fx");
  EXPECT_EQ(HeaderOf(request, "Authorization"), "Bearer cust-token");
  EXPECT_EQ(Body(0), json::parse(R"({"chat_id":"C1","event":{"type":"message",
      "text":"hello","custom_id":"req-1"}})"));
}

TEST_F(LiveChatConnectionTest, RetriesASendLiveChatFailedAfterCheckingItWasNotPosted) {
  transport_.Error("send_event", 500, "internal");
  transport_.Ok("get_chat", R"({"id":"C1","thread":{"id":"T1","active":true,"events":[]}})");
  transport_.Ok("send_event", R"({"event_id":"T1_3"})");
  auto id = connection().SendCustomerMessage("tok", "C1", "hello", "req-1");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "T1_3");
  EXPECT_EQ(transport_.Count("send_event"), 2);
}

TEST_F(LiveChatConnectionTest, DoesNotRepostAMessageWhoseAnswerWasLost) {
  transport_.Script("send_event", absl::UnknownError("connection reset"));
  transport_.Ok("get_chat", R"({"id":"C1","thread":{"id":"T1","active":true,"events":[
      {"id":"T1_2","created_at":"2025-06-12T09:15:30.120455Z","type":"message",
       "author_id":"cust","text":"hello","custom_id":"req-1"}]}})");
  auto id = connection().SendCustomerMessage("tok", "C1", "hello", "req-1");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "T1_2");
  EXPECT_EQ(transport_.Count("send_event"), 1);
}

TEST_F(LiveChatConnectionTest, RecoversAChatWhoseStartAnswerWasLost) {
  transport_.Script("start_chat", absl::UnknownError("timeout"));
  transport_.Ok("/customer/action/list_chats", R"({"chats_summary":[{"id":"C9"}],"total_chats":1})");
  transport_.Ok("get_chat", R"({"id":"C9","thread":{"id":"T9","active":true,"events":[]}})");
  auto chat = connection().StartChat({.customer_id = "cust", .customer_access_token = "tok",
                                      .group_id = 0});
  ASSERT_TRUE(chat.ok()) << chat.status();
  EXPECT_EQ(chat->chat_id, "C9");
  EXPECT_EQ(chat->thread_id, "T9");
  EXPECT_EQ(transport_.Count("start_chat"), 1);
}

TEST_F(LiveChatConnectionTest, StartsAgainWhenTheLostStartLeftNoChat) {
  transport_.Script("start_chat", absl::UnknownError("timeout"));
  transport_.Ok("/customer/action/list_chats", R"({"chats_summary":[],"total_chats":0})");
  transport_.Ok("start_chat", R"({"chat_id":"C2","thread_id":"T2"})");
  auto chat = connection().StartChat({.customer_id = "cust", .customer_access_token = "tok"});
  ASSERT_TRUE(chat.ok()) << chat.status();
  EXPECT_EQ(chat->chat_id, "C2");
}

TEST_F(LiveChatConnectionTest, GivesUpWithUnavailableNamingTheAction) {
  for (int i = 0; i < 10; ++i) transport_.Script("get_chat", absl::UnavailableError("refused"));
  for (int i = 0; i < 10; ++i) transport_.Script("deactivate_chat", absl::UnavailableError("refused"));
  absl::Status status = connection().DeactivateChat("C1");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(status), reason::kLiveChatUnavailable);
  EXPECT_EQ(GetErrorMetadata(status)["action"], "deactivate_chat");
  EXPECT_EQ(transport_.Count("deactivate_chat"), options_.retry.max_attempts);
}

TEST_F(LiveChatConnectionTest, ReportsRateLimitAfterRetriesAsResourceExhausted) {
  for (int i = 0; i < 10; ++i) transport_.Error("send_event", 429, "too_many_requests");
  auto id = connection().SendCustomerMessage("tok", "C1", "x", "r");
  EXPECT_EQ(id.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(LiveChatConnectionTest, FollowsAMisdirectedRequestToTheNamedRegion) {
  livechat::HttpResponse misdirected;
  misdirected.status = 421;
  misdirected.body = R"({"error":{"type":"misdirected_request","message":"Wrong region",
      "data":{"region":"fra"}}})";
  transport_.Script("list_groups", misdirected);
  transport_.Ok("list_groups", R"([{"id":0,"name":"General"},{"id":7,"name":"Support"}])");
  auto groups = connection().ListGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_EQ(groups->size(), 2u);
  EXPECT_EQ(HeaderOf(transport_.requests().at(1), "X-Region"), "fra");
  EXPECT_EQ(transport_.requests().at(1).path, "/v3.5/configuration/action/list_groups");
}

TEST_F(LiveChatConnectionTest, CreatesACustomerAndKeepsItsIdentityCookies) {
  transport_.Ok("/v2/customer/token",
                R"({"access_token":"dal:A","entity_id":"cust-1","expires_in":28800,
                    "token_type":"Bearer","organization_id":"org"})",
                {{"Set-Cookie", "__lc_cid=cust-1; Path=/v2/customer; HttpOnly"},
                 {"Set-Cookie", "__lc_cst=secret-1; Path=/v2/customer; HttpOnly"}});
  auto customer = connection().CreateCustomer();
  ASSERT_TRUE(customer.ok()) << customer.status();
  EXPECT_EQ(customer->customer_id, "cust-1");
  EXPECT_EQ(customer->cookies.secret, "secret-1");
  EXPECT_EQ(customer->expires_at, clock_.Now() + absl::Hours(8));
  HttpRequest request = transport_.requests().at(0);
  EXPECT_EQ(request.base_url, "https://accounts.example");
  EXPECT_EQ(HeaderOf(request, "Cookie"), "");
  EXPECT_EQ(Body(0), json::parse(R"({"grant_type":"cookie","client_id":"client-1",
      "organization_id":"org 1/x","response_type":"token"})"));
}

TEST_F(LiveChatConnectionTest, RenewsTheSameCustomerBySendingItsCookies) {
  transport_.Ok("/v2/customer/token",
                R"({"access_token":"dal:B","entity_id":"cust-1","expires_in":100})",
                {{"Set-Cookie", "__lc_cst=rotated; Path=/v2/customer"}});
  auto customer = connection().RefreshCustomer({.customer_id = "cust-1", .secret = "old"});
  ASSERT_TRUE(customer.ok()) << customer.status();
  EXPECT_EQ(HeaderOf(transport_.requests().at(0), "Cookie"), "__lc_cid=cust-1; __lc_cst=old");
  EXPECT_EQ(customer->cookies.secret, "rotated");  // the latest value is kept
  EXPECT_EQ(customer->access_token, "dal:B");
}

TEST_F(LiveChatConnectionTest, FailsLoudlyWhenTheAccountsServiceSetsNoIdentityCookie) {
  transport_.Ok("/v2/customer/token",
                R"({"access_token":"dal:A","entity_id":"cust-1","expires_in":28800})");
  auto customer = connection().CreateCustomer();
  EXPECT_EQ(customer.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(customer.status().message().find("__lc_cst"), std::string::npos);
}

TEST_F(LiveChatConnectionTest, ReportsRejectedAppCredentialsAsAuthFailure) {
  livechat::HttpResponse refused;
  refused.status = 401;
  refused.body = R"({"oauth_exception":"unauthorized_client","exception_description":"no"})";
  transport_.Script("/v2/customer/token", refused);
  auto customer = connection().CreateCustomer();
  EXPECT_EQ(customer.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ErrorReason(customer.status()), reason::kLiveChatAuthFailed);
  EXPECT_NE(customer.status().message().find("LIVECHAT_CLIENT_ID"), std::string::npos);
}

TEST_F(LiveChatConnectionTest, ReportsAnUndocumentedAnswerAsBadResponse) {
  transport_.Ok("send_event", R"({"unexpected":true})");
  auto id = connection().SendCustomerMessage("tok", "C1", "x", "r");
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ErrorReason(id.status()), reason::kLiveChatBadResponse);
}

TEST_F(LiveChatConnectionTest, ClassifiesAnUnknownActionFailureWithoutEnvelope) {
  livechat::HttpResponse html;
  html.status = 502;
  html.body = "<html>bad gateway</html>";
  for (int i = 0; i < 10; ++i) transport_.Script("update_customer", html);
  absl::Status status = connection().UpdateCustomer("tok", {.name = "A"});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(transport_.Count("update_customer"), options_.retry.max_attempts);
}

}  // namespace
}  // namespace hitl::livechat

// Unit tests of SimState: LiveChat's rules on chats, customers and tokens,
// without HTTP (a recording webhook sink and a fake clock).
#include "tools/livechat-sim/sim_state.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/webhooks.h"
#include "tests/support/fake_clock.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
using ::hitl::testing::FakeClock;

class RecordingSink final : public WebhookSink {
 public:
  void Publish(Webhook webhook) override { published.push_back(std::move(webhook)); }
  std::vector<std::string> Actions() const {
    std::vector<std::string> out;
    for (const Webhook& webhook : published) out.push_back(webhook.action);
    return out;
  }
  std::vector<Webhook> published;
};

class SimStateTest : public ::testing::Test {
 protected:
  SimStateTest()
      : state_(StateOptions{.requester_agent = "bot@example.com",
                            .client_id = "client",
                            .token_ttl = absl::Hours(1)},
               DefaultAgents(), DefaultGroups(), clock_, sink_) {}

  std::string NewCustomer() { return state_.IssueCustomerToken({}).customer_id; }

  // A chat of group 7 with a customer, started by the requester.
  std::string StartChat(const std::string& customer_id) {
    wire::StartChatRequest request;
    request.group_ids = {7};
    request.users = {{customer_id, "customer"}};
    auto started = state_.StartChat(request);
    EXPECT_TRUE(started.ok()) << started.status();
    return started.ok() ? started->chat_id : "";
  }

  wire::TransferChatRequest ToGroup(const std::string& chat_id, int64_t group, bool queue_ok) {
    wire::TransferChatRequest request;
    request.id = chat_id;
    request.target = wire::TransferTarget{.type = "group", .group_ids = {group}, .agent_ids = {}};
    request.ignore_agents_availability = queue_ok;
    request.ignore_requester_presence = true;
    return request;
  }

  FakeClock clock_;
  RecordingSink sink_;
  SimState state_;
};

TEST_F(SimStateTest, TokensExpireWithTheClock) {
  IssuedToken token = state_.IssueCustomerToken({});
  EXPECT_EQ(token.expires_in, absl::Hours(1));
  EXPECT_TRUE(absl::StartsWith(token.access_token, "dal:"));
  EXPECT_EQ(*state_.AuthenticateCustomer(token.access_token), token.customer_id);
  clock_.Advance(absl::Hours(1));
  auto expired = state_.AuthenticateCustomer(token.access_token);
  EXPECT_EQ(ErrorTypeOf(expired.status()), "authentication");
  EXPECT_EQ(expired.status().message(), "Invalid access token");
  EXPECT_EQ(ErrorTypeOf(state_.AuthenticateCustomer("dal:unknown").status()), "authentication");
}

TEST_F(SimStateTest, CookiesKeepTheCustomerOnlyWithTheRightSecret) {
  IssuedToken first = state_.IssueCustomerToken({});
  IssuedToken again = state_.IssueCustomerToken({first.customer_id, first.cookie_secret});
  EXPECT_EQ(again.customer_id, first.customer_id);
  EXPECT_NE(again.access_token, first.access_token);
  IssuedToken forged = state_.IssueCustomerToken({first.customer_id, "wrong"});
  EXPECT_NE(forged.customer_id, first.customer_id);
  IssuedToken half = state_.IssueCustomerToken({first.customer_id, ""});
  EXPECT_NE(half.customer_id, first.customer_id);
}

TEST_F(SimStateTest, ExpiringTokensAffectsOnlyThatCustomer) {
  IssuedToken a = state_.IssueCustomerToken({});
  IssuedToken a2 = state_.IssueCustomerToken({a.customer_id, a.cookie_secret});
  IssuedToken b = state_.IssueCustomerToken({});
  EXPECT_EQ(*state_.ExpireCustomerTokens(a.customer_id), 2);
  EXPECT_FALSE(state_.AuthenticateCustomer(a.access_token).ok());
  EXPECT_FALSE(state_.AuthenticateCustomer(a2.access_token).ok());
  EXPECT_TRUE(state_.AuthenticateCustomer(b.access_token).ok());
  EXPECT_EQ(state_.ExpireCustomerTokens("nobody").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SimStateTest, StartChatChecksGroupsUsersAndAuthors) {
  const std::string customer = NewCustomer();
  wire::StartChatRequest unknown_group;
  unknown_group.group_ids = {42};
  auto status = state_.StartChat(unknown_group).status();
  EXPECT_EQ(ErrorTypeOf(status), "validation");
  EXPECT_TRUE(absl::StartsWith(status.message(), "chat.access.group_ids")) << status;

  wire::StartChatRequest unknown_customer;
  unknown_customer.users = {{"no-such-customer", "customer"}};
  EXPECT_EQ(ErrorTypeOf(state_.StartChat(unknown_customer).status()), "validation");

  wire::StartChatRequest two_customers;
  two_customers.users = {{customer, "customer"}, {NewCustomer(), "customer"}};
  EXPECT_EQ(ErrorTypeOf(state_.StartChat(two_customers).status()), "validation");

  wire::StartChatRequest stranger;
  wire::Event event;
  event.type = "message";
  event.text = "hi";
  event.author_id = "someone@else.com";
  stranger.events = {event};
  status = state_.StartChat(stranger).status();
  EXPECT_TRUE(absl::StartsWith(status.message(), "chat.thread.events[0].author_id")) << status;

  wire::StartChatRequest by_customer;
  by_customer.users = {{customer, "customer"}};
  event.author_id = customer;
  by_customer.events = {event};
  auto started = state_.StartChat(by_customer);
  ASSERT_TRUE(started.ok()) << started.status();
  auto chat = state_.GetChat(started->chat_id);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->chat.group_ids, std::vector<int64_t>{0});  // default group
  EXPECT_EQ(chat->chat.last_thread().events[0].author_id, customer);
  EXPECT_EQ(chat->chat.last_thread().events[0].id, started->event_ids[0]);
  EXPECT_EQ(chat->chat.users[0].id, "bot@example.com");  // the requester joins
}

TEST_F(SimStateTest, InitialEventsTravelInIncomingChatOnly) {
  wire::StartChatRequest request;
  wire::Event event;
  event.type = "message";
  event.text = "ticket";
  request.events = {event};
  ASSERT_TRUE(state_.StartChat(request).ok());
  EXPECT_EQ(sink_.Actions(), std::vector<std::string>{"incoming_chat"});
  const wire::Json& thread = sink_.published[0].payload["chat"]["thread"];
  EXPECT_EQ(thread["events"][0]["text"], "ticket");
  EXPECT_EQ(thread["events"][0]["author_id"], "bot@example.com");
}

TEST_F(SimStateTest, TransferAssignsAnAgentAndReplacesTheRequester) {
  const std::string chat_id = StartChat(NewCustomer());
  ASSERT_TRUE(state_.TransferChat(ToGroup(chat_id, 7, false)).ok());
  auto chat = state_.GetChat(chat_id);
  ASSERT_EQ(chat->chat.assigned_agent_ids.size(), 1u);
  EXPECT_EQ(chat->chat.FindUser("bot@example.com"), nullptr);
  auto payload = wire::ParseChatTransferredPayload(sink_.published.back().payload);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(payload->reason, "manual");
  EXPECT_EQ(payload->requester_id, "bot@example.com");
  EXPECT_EQ(payload->group_ids, std::vector<int64_t>{7});
  EXPECT_EQ(payload->agent_ids, chat->chat.assigned_agent_ids);
  EXPECT_FALSE(payload->queue);

  // Two agents in group 7: the next chat goes to the other one.
  const std::string second = StartChat(NewCustomer());
  ASSERT_TRUE(state_.TransferChat(ToGroup(second, 7, false)).ok());
  EXPECT_NE(state_.GetChat(second)->chat.assigned_agent_ids, chat->chat.assigned_agent_ids);
}

TEST_F(SimStateTest, TransferWithoutAgentsFailsOrQueuesThenRoutingAssigns) {
  ASSERT_TRUE(state_.SetAgentAccepting("jane.doe@example.com", false).ok());
  ASSERT_TRUE(state_.SetAgentAccepting("john.roe@example.com", false).ok());
  const std::string chat_id = StartChat(NewCustomer());
  absl::Status refused = state_.TransferChat(ToGroup(chat_id, 7, false));
  EXPECT_EQ(ErrorTypeOf(refused), "validation");
  EXPECT_EQ(refused.message(), "Cannot assign any agent from requested groups");

  ASSERT_TRUE(state_.TransferChat(ToGroup(chat_id, 7, true)).ok());
  auto queued = wire::ParseChatTransferredPayload(sink_.published.back().payload);
  ASSERT_TRUE(queued.ok());
  EXPECT_TRUE(queued->agent_ids.empty());
  ASSERT_TRUE(queued->queue);
  EXPECT_EQ(queued->queue->position, 1);
  EXPECT_FALSE(queued->queue->queued_at.empty());
  EXPECT_TRUE(state_.GetChat(chat_id)->chat.assigned_agent_ids.empty());

  auto assigned = state_.SetAgentAccepting("john.roe@example.com", true);
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(*assigned, std::vector<std::string>{chat_id});
  auto routed = wire::ParseChatTransferredPayload(sink_.published.back().payload);
  EXPECT_EQ(routed->reason, "assigned");
  EXPECT_EQ(routed->agent_ids, std::vector<std::string>{"john.roe@example.com"});
  EXPECT_FALSE(state_.GetChat(chat_id)->chat.last_thread().queue);
}

TEST_F(SimStateTest, OnlyChatUsersMayWriteAndOnlyToActiveChats) {
  const std::string customer = NewCustomer();
  const std::string chat_id = StartChat(customer);
  wire::SendEventRequest request;
  request.chat_id = chat_id;
  request.event.type = "message";
  request.event.text = "hello";
  Actor outsider{.id = NewCustomer(), .type = "customer"};
  EXPECT_EQ(ErrorTypeOf(state_.SendEvent(outsider, request).status()), "authorization");
  Actor inside{.id = customer, .type = "customer"};
  ASSERT_TRUE(state_.SendEvent(inside, request).ok());

  ASSERT_TRUE(state_.DeactivateChat(inside, chat_id, false).ok());
  EXPECT_EQ(ErrorTypeOf(state_.SendEvent(inside, request).status()), "chat_inactive");
  EXPECT_EQ(ErrorTypeOf(state_.DeactivateChat(inside, chat_id, false)), "chat_inactive");
  request.attach_to_last_thread = true;
  EXPECT_TRUE(state_.SendEvent(inside, request).ok());
}

TEST_F(SimStateTest, WebhooksFollowTheOrderOfChanges) {
  const std::string customer = NewCustomer();
  const std::string chat_id = StartChat(customer);
  ASSERT_TRUE(state_.TransferChat(ToGroup(chat_id, 7, false)).ok());
  wire::SendEventRequest request;
  request.chat_id = chat_id;
  request.event.type = "message";
  request.event.text = "from customer";
  ASSERT_TRUE(state_.SendEvent({customer, "customer"}, request).ok());
  wire::Event reply;
  reply.type = "message";
  reply.text = "from agent";
  ASSERT_TRUE(state_.PostAsAgent(chat_id, "", reply, true).ok());
  ASSERT_TRUE(state_.CloseChat(chat_id, "").ok());
  EXPECT_EQ(sink_.Actions(),
            (std::vector<std::string>{"incoming_chat", "chat_transferred", "incoming_event",
                                      "incoming_event", "chat_deactivated"}));
  auto closed = wire::ParseChatDeactivatedPayload(sink_.published.back().payload);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->user_id, "");  // LiveChat itself closed it
  EXPECT_EQ(sink_.published[3].additional_data["chat_presence_user_ids"].size(), 2u);
}

TEST_F(SimStateTest, SessionFieldsKeepOrderAndReplaceSameKeys) {
  const std::string customer = NewCustomer();
  wire::UpdateCustomerRequest first;
  first.name = "Thomas";
  first.session_fields = {{"a", "1"}, {"b", "2"}};
  ASSERT_TRUE(state_.UpdateCustomer(customer, first).ok());
  wire::UpdateCustomerRequest second;
  second.session_fields = {{"b", "3"}, {"c", "4"}};
  ASSERT_TRUE(state_.UpdateCustomer(customer, second).ok());
  auto got = state_.GetCustomer(customer);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Thomas");
  EXPECT_EQ(got->session_fields, (SessionFields{{"a", "1"}, {"b", "3"}, {"c", "4"}}));
}

}  // namespace
}  // namespace hitl::sim

// Integration tests of fault injection (POST /sim/faults) and the call log.
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/api_error.h"
#include "tests/sim/sim_test_support.h"

namespace hitl::sim::testing {
namespace {

namespace wire = livechat::wire;

class SimFaults : public SimTest {
 protected:
  void Arm(const Json& fault) {
    HttpResult armed = Post("/sim/faults", fault);
    ASSERT_EQ(armed.status, 200) << armed.body;
  }
  size_t EventCount(const std::string& chat_id) {
    return Agent("get_chat", Json{{"chat_id", chat_id}}).body["thread"]["events"].size();
  }
  Json SendMessage(const std::string& chat_id) {
    return Json{{"chat_id", chat_id}, {"event", {{"type", "message"}, {"text", "hello"}}}};
  }
};

TEST_F(SimFaults, BeforeModeFailsWithoutProcessing) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  Arm(Json{{"action", "send_event"}, {"count", 1}, {"error_type", "internal"}});
  HttpResult failed = Customer(customer.access_token, "send_event", SendMessage(chat_id));
  EXPECT_EQ(failed.status, 500);
  auto error = wire::ParseApiError(failed.body.dump());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, "internal");
  EXPECT_EQ(error->message, "Internal server error");
  EXPECT_EQ(EventCount(chat_id), 0u);
  // Used up: the retry goes through.
  EXPECT_EQ(Customer(customer.access_token, "send_event", SendMessage(chat_id)).status, 200);
  EXPECT_EQ(EventCount(chat_id), 1u);
}

TEST_F(SimFaults, AfterModeProcessesThenLosesTheAnswer) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  Arm(Json{{"action", "send_event"}, {"error_type", "internal"}, {"mode", "after"}});
  HttpResult failed = Customer(customer.access_token, "send_event", SendMessage(chat_id));
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(EventCount(chat_id), 1u);  // it happened anyway
}

TEST_F(SimFaults, RetryAfterHeaderAndCustomMessage) {
  Arm(Json{{"action", "list_chats"},
           {"api", "agent"},
           {"error_type", "too_many_requests"},
           {"retry_after_seconds", 3},
           {"message", "slow down"}});
  HttpResult limited = Agent("list_chats", Json::object());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("Retry-After"), "3");
  EXPECT_EQ(limited.body["error"]["type"], "too_many_requests");
  EXPECT_EQ(limited.body["error"]["message"], "slow down");
}

TEST_F(SimFaults, LatencyDelaysTheAnswer) {
  Arm(Json{{"action", "list_chats"}, {"latency_ms", 150}});
  const absl::Time start = absl::Now();
  HttpResult slow = Agent("list_chats", Json::object());
  EXPECT_EQ(slow.status, 200);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
}

TEST_F(SimFaults, CountAndApiScopeSelectTheCalls) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  ASSERT_EQ(Delete("/sim/calls").status, 200);
  Arm(Json{{"action", "send_event"},
           {"api", "customer"},
           {"count", 2},
           {"error_type", "service_unavailable"}});
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", "hi"}}).status, 200);
  EXPECT_EQ(Customer(customer.access_token, "send_event", SendMessage(chat_id)).status, 503);
  EXPECT_EQ(Customer(customer.access_token, "send_event", SendMessage(chat_id)).status, 503);
  EXPECT_EQ(Customer(customer.access_token, "send_event", SendMessage(chat_id)).status, 200);

  HttpResult calls = Get("/sim/calls");
  ASSERT_EQ(calls.body["calls"].size(), 3u);
  EXPECT_EQ(calls.body["calls"][0], (Json{{"api", "customer"},
                                          {"action", "send_event"},
                                          {"status", 503},
                                          {"error_type", "service_unavailable"}}));
  EXPECT_EQ(calls.body["calls"][2],
            (Json{{"api", "customer"}, {"action", "send_event"}, {"status", 200}}));
}

TEST_F(SimFaults, AccountsFaultsAnswerLikeTheAccountsService) {
  Arm(Json{{"action", "customer_token"}, {"error_type", "internal"}});
  CustomerGrant failed = Token();
  EXPECT_EQ(failed.http.status, 500);
  auto error = wire::ParseOAuthError(failed.http.body.dump());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->exception, "server_error");
  EXPECT_EQ(Token().http.status, 200);
}

TEST_F(SimFaults, FaultsCanBeListedAndCleared) {
  Arm(Json{{"action", "get_chat"}, {"count", 5}, {"error_type", "internal"}});
  EXPECT_EQ(Get("/sim/faults").body["faults"].size(), 1u);
  ASSERT_EQ(Delete("/sim/faults").status, 200);
  EXPECT_TRUE(Get("/sim/faults").body["faults"].empty());
  EXPECT_EQ(Agent("get_chat", Json{{"chat_id", "X"}}).status, 404);  // a normal not_found
}

TEST_F(SimFaults, RejectsBadSpecsWithTheField) {
  HttpResult bad =
      Post("/sim/faults",
           Json{{"action", "send_event"}, {"mode", "sometimes"}, {"error_type", "internal"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(StringAt(bad.body, "error").rfind("mode", 0), 0u) << bad.body;
}

}  // namespace
}  // namespace hitl::sim::testing

// LiveChat misbehaving: errors, lost answers, expired tokens, outages.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/store_kind.h"

namespace hitl::testing {
namespace {

using Json = nlohmann::json;

int CountEvents(SimControl& sim, const std::string& chat_id, const std::string& text) {
  int count = 0;
  for (const Json& event : sim.Events(chat_id)) count += event.value("text", "") == text;
  return count;
}

int CountCalls(SimControl& sim, const std::string& api, const std::string& action) {
  int count = 0;
  for (const Json& call : sim.Calls()) count += call["api"] == api && call["action"] == action;
  return count;
}

class Resilience : public ::testing::TestWithParam<StoreKind> {
 protected:
  GatewayHarness harness_{{.store = GetParam()}};
};

TEST_P(Resilience, ASendThatFailsTwiceWithInternalSucceedsOnce) {
  auto session = harness_.Start();
  harness_.sim().Fault({{"action", "send_event"}, {"api", "customer"}, {"count", 2},
                        {"error_type", "internal"}});
  ASSERT_TRUE(harness_.Send(session.session_id(), "third time lucky").ok());
  EXPECT_EQ(CountEvents(harness_.sim(), session.chat_id(), "third time lucky"), 1);
  EXPECT_EQ(CountCalls(harness_.sim(), "customer", "send_event"), 3);
}

TEST_P(Resilience, ASendWhoseAnswerWasLostIsNotPostedTwice) {
  auto session = harness_.Start();
  // LiveChat posts the message, then the answer is an internal error.
  harness_.sim().Fault({{"action", "send_event"}, {"api", "customer"}, {"count", 1},
                        {"error_type", "internal"}, {"mode", "after"}});
  hitl::v1::SendMessageResponse sent;
  ASSERT_TRUE(harness_.Send(session.session_id(), "exactly once", "m-1", &sent).ok());
  EXPECT_EQ(CountEvents(harness_.sim(), session.chat_id(), "exactly once"), 1);
  EXPECT_EQ(CountCalls(harness_.sim(), "customer", "send_event"), 1);
  EXPECT_EQ(sent.event_ids_size(), 1);
}

TEST_P(Resilience, AStartWhoseAnswerWasLostOpensNoSecondChat) {
  harness_.sim().Fault({{"action", "start_chat"}, {"api", "agent"}, {"count", 1},
                        {"error_type", "internal"}, {"mode", "after"}});
  auto session = harness_.Start("lost-answer");
  ASSERT_FALSE(session.chat_id().empty());
  EXPECT_EQ(harness_.sim().Chats().size(), 1u);
  EXPECT_EQ(CountCalls(harness_.sim(), "agent", "start_chat"), 1);
}

TEST_P(Resilience, AnExpiredCustomerTokenIsRenewedForTheSameCustomer) {
  auto session = harness_.Start();
  harness_.sim().ExpireToken(session.customer_id());
  ASSERT_TRUE(harness_.Send(session.session_id(), "after expiry").ok());
  Json last = harness_.sim().Events(session.chat_id()).back();
  EXPECT_EQ(last["text"], "after expiry");
  EXPECT_EQ(last["author_id"], session.customer_id());
}

TEST_P(Resilience, RateLimitsAreWaitedOutWithinTheBudget) {
  auto session = harness_.Start();
  harness_.sim().Fault({{"action", "send_event"}, {"count", 1},
                        {"error_type", "too_many_requests"}, {"retry_after_seconds", 1}});
  absl::Time begin = absl::Now();
  ASSERT_TRUE(harness_.Send(session.session_id(), "patience").ok());
  EXPECT_GE(absl::Now() - begin, absl::Seconds(1));  // Retry-After honoured
  EXPECT_EQ(CountEvents(harness_.sim(), session.chat_id(), "patience"), 1);
}

INSTANTIATE_TEST_SUITE_P(, Resilience, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

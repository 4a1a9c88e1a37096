// What the gateway answers while its store fails: LiveChat is told to
// redeliver (503), bots get UNAVAILABLE naming the store, open streams end
// UNAVAILABLE so clients resume, /readyz fails; and once the store is back
// everything recovers without a restart, with nothing acknowledged lost.
#include "gtest/gtest.h"
#include "httplib.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/store_kind.h"

namespace hitl::testing {
namespace {

using Json = nlohmann::json;
using Method = FaultyStore::Method;

class StoreFailure : public ::testing::TestWithParam<StoreKind> {
 protected:
  StoreFailure() : harness_({.store = GetParam(), .faulty_store = true}) {}

  hitl::v1::SubscribeAgentEventsRequest SessionStream(const hitl::v1::Session& session,
                                                      const std::string& after = "") {
    hitl::v1::SubscribeAgentEventsRequest request;
    request.add_session_ids(session.session_id());
    request.set_after_cursor(after);
    return request;
  }

  // The webhook statuses the simulator saw for `action` on `chat_id`.
  std::vector<int> DeliveryStatuses(const std::string& chat_id, const std::string& action) {
    std::vector<int> statuses;
    for (const Json& delivery : harness_.sim().Webhooks()) {
      if (delivery["chat_id"] == chat_id && delivery["action"] == action) {
        statuses.push_back(delivery["status"].get<int>());
      }
    }
    return statuses;
  }

  int Readyz() {
    httplib::Client client("127.0.0.1", harness_.webhook_port());
    auto response = client.Get("/readyz");
    return response ? response->status : -1;
  }

  GatewayHarness harness_;
};

TEST_P(StoreFailure, AWebhookThatCannotBeCommittedIsRefusedUntilItIsThenJournaledOnce) {
  auto session = harness_.Start();
  EventCollector events(harness_.stub(), SessionStream(session));
  ASSERT_FALSE(events.WaitFor(1).empty());  // the routing transfer
  // The first two deliveries of the agent's message meet a failing commit.
  harness_.store_faults().Fail(
      Method::kCommit, MakeError(absl::StatusCode::kUnavailable, reason::kStoreFailure, "down"),
      2);
  harness_.sim().AgentMessage(session.chat_id(), "kept despite the outage");
  auto got = events.WaitFor(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].agent_message().text(), "kept despite the outage");
  ASSERT_TRUE(Eventually([&] {
    return DeliveryStatuses(session.chat_id(), "incoming_event") == std::vector<int>{503, 503, 200};
  })) << harness_.sim().Webhooks().dump();
  EXPECT_EQ(events.events().size(), 2u) << "journaled once";
}

TEST_P(StoreFailure, BotCallsGetUnavailableNamingTheStoreAndWorkOnceItIsBack) {
  auto session = harness_.Start();
  harness_.store_faults().FailEverything();
  for (auto call : {0, 1, 2}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Status status;
    if (call == 0) {
      hitl::v1::GetSessionRequest request;
      request.set_session_id(session.session_id());
      hitl::v1::GetSessionResponse response;
      status = harness_.stub().GetSession(&context, request, &response);
    } else if (call == 1) {
      hitl::v1::SendMessageRequest request;
      request.set_session_id(session.session_id());
      request.set_text("while the store is down");
      request.set_request_id("send-during-outage");
      hitl::v1::SendMessageResponse response;
      status = harness_.stub().SendMessage(&context, request, &response);
    } else {
      hitl::v1::StartHitlRequest request;
      request.mutable_user()->set_id("u2");
      request.set_request_id("start-during-outage");
      hitl::v1::StartHitlResponse response;
      status = harness_.stub().StartHitl(&context, request, &response);
    }
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << call;
    EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), reason::kStoreFailure) << call;
    EXPECT_NE(status.error_message().find("store"), std::string::npos) << status.error_message();
  }
  EXPECT_EQ(harness_.sim().Chats().size(), 1u) << "no chat opened without a stored session";
  harness_.store_faults().Heal();
  EXPECT_TRUE(harness_.Send(session.session_id(), "after the outage", "send-after").ok());
  EXPECT_FALSE(harness_.Start("u3", "start-after").session_id().empty());
}

TEST_P(StoreFailure, ReadinessFailsWhileTheStoreIsDownAndRecovers) {
  ASSERT_TRUE(Eventually([&] { return Readyz() == 200; }));
  harness_.store_faults().FailEverything();
  EXPECT_EQ(Readyz(), 503);
  harness_.store_faults().Heal();
  EXPECT_EQ(Readyz(), 200);
}

TEST_P(StoreFailure, OpenStreamsEndUnavailableAndResumeFromTheirCursorOnceTheStoreIsBack) {
  auto session = harness_.Start();
  EventCollector before(harness_.stub(), SessionStream(session));
  auto first = before.WaitFor(1);
  ASSERT_EQ(first.size(), 1u);
  harness_.store_faults().Fail(
      Method::kWaitForEntries,
      MakeError(absl::StatusCode::kUnavailable, reason::kStoreFailure, "Redis store: down"));
  grpc::Status ended = before.WaitForEnd();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  EXPECT_EQ(ErrorReason(FromGrpcStatus(ended)), reason::kStoreFailure);

  // Committed while the feed cannot read: delivered on resume, not lost.
  harness_.sim().AgentMessage(session.chat_id(), "written during the outage");
  ASSERT_TRUE(Eventually([&] {
    return DeliveryStatuses(session.chat_id(), "incoming_event") == std::vector<int>{200};
  }));
  harness_.store_faults().Heal();
  EventCollector resumed(harness_.stub(), SessionStream(session, first[0].cursor()));
  auto got = resumed.WaitFor(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].agent_message().text(), "written during the outage");
  harness_.sim().AgentMessage(session.chat_id(), "live again");
  got = resumed.WaitFor(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].agent_message().text(), "live again");
}

INSTANTIATE_TEST_SUITE_P(, StoreFailure, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

// The stream's promise: in order, at least once, nothing acknowledged is
// lost (not even across a restart), redeliveries arrive once, resuming from
// a cursor leaves no gap and repeats nothing.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/common/grpc_status.h"
#include "server/common/errors.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/store_kind.h"

namespace hitl::testing {
namespace {

using Json = nlohmann::json;

std::vector<std::string> Texts(const std::vector<hitl::v1::AgentEvent>& events) {
  std::vector<std::string> texts;
  for (const auto& event : events) {
    if (event.has_agent_message()) texts.push_back(event.agent_message().text());
  }
  return texts;
}

hitl::v1::SubscribeAgentEventsRequest After(const std::string& cursor,
                                            const std::string& session_id = "") {
  hitl::v1::SubscribeAgentEventsRequest request;
  request.set_after_cursor(cursor);
  if (!session_id.empty()) request.add_session_ids(session_id);
  return request;
}

// True once LiveChat (the simulator) saw the gateway answer 200 to `count`
// deliveries of `action`.
bool Acknowledged(SimControl& sim, const std::string& action, int count) {
  return Eventually([&] {
    int acknowledged = 0;
    for (const Json& delivery : sim.Webhooks()) {
      acknowledged += delivery["action"] == action && delivery["status"] == 200;
    }
    return acknowledged >= count;
  });
}

const std::string kBeginning(20, '0');

class Delivery : public ::testing::TestWithParam<StoreKind> {
 protected:
  GatewayHarness harness_{{.store = GetParam()}};
};

TEST_P(Delivery, ResumingFromACursorGetsExactlyTheMissedEvents) {
  auto session = harness_.Start();
  std::string cursor;
  {
    EventCollector first(harness_.stub(), After("", session.session_id()));
    harness_.sim().AgentMessage(session.chat_id(), "one");
    harness_.sim().AgentMessage(session.chat_id(), "two");
    auto seen = first.WaitFor(3);  // transfer, one, two
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_THAT(Texts(seen), ::testing::ElementsAre("one", "two"));
    cursor = seen.back().cursor();
  }  // the bot disconnects
  harness_.sim().AgentMessage(session.chat_id(), "three");
  harness_.sim().AgentMessage(session.chat_id(), "four");
  ASSERT_TRUE(Acknowledged(harness_.sim(), "incoming_event", 4));

  EventCollector resumed(harness_.stub(), After(cursor, session.session_id()));
  auto missed = resumed.WaitFor(2);
  EXPECT_THAT(Texts(missed), ::testing::ElementsAre("three", "four"));
  harness_.sim().AgentMessage(session.chat_id(), "five");  // then live, seamlessly
  auto all = resumed.WaitFor(3);
  EXPECT_THAT(Texts(all), ::testing::ElementsAre("three", "four", "five"));
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].cursor(), all[i].cursor());
}

TEST_P(Delivery, WhatWasAcknowledgedSurvivesAGatewayRestartBeforeAnyoneSawIt) {
  auto session = harness_.Start();
  harness_.sim().AgentMessage(session.chat_id(), "sent while no bot listened");
  ASSERT_TRUE(Acknowledged(harness_.sim(), "incoming_event", 1));
  harness_.RestartGateway();
  EventCollector replay(harness_.stub(), After(kBeginning, session.session_id()));
  auto events = replay.WaitFor(2);
  EXPECT_THAT(Texts(events), ::testing::ElementsAre("sent while no bot listened"));
}

TEST_P(Delivery, ShutdownEndsStreamsWithUnavailableAndTheyResumeAfterRestart) {
  auto session = harness_.Start();
  auto collector = std::make_unique<EventCollector>(harness_.stub(), After(kBeginning));
  harness_.sim().AgentMessage(session.chat_id(), "before");
  auto before = collector->WaitFor(2);
  ASSERT_EQ(before.size(), 2u);
  harness_.StopGateway();
  grpc::Status ended = collector->WaitForEnd();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(ended)), reason::kShuttingDown);
  harness_.StartGateway();
  harness_.sim().AgentMessage(session.chat_id(), "after");
  EventCollector resumed(harness_.stub(), After(before.back().cursor()));
  EXPECT_THAT(Texts(resumed.WaitFor(1)), ::testing::ElementsAre("after"));
}

TEST_P(Delivery, AWebhookDeliveredTwiceReachesSubscribersOnce) {
  auto session = harness_.Start();
  harness_.sim().DuplicateNextWebhooks(1);
  harness_.sim().AgentMessage(session.chat_id(), "only once");
  ASSERT_TRUE(Acknowledged(harness_.sim(), "incoming_event", 2));
  EventCollector replay(harness_.stub(), After(kBeginning, session.session_id()));
  replay.WaitFor(2);
  harness_.sim().AgentMessage(session.chat_id(), "marker");
  auto events = replay.WaitFor(3);
  EXPECT_THAT(Texts(events), ::testing::ElementsAre("only once", "marker"));
}

TEST_P(Delivery, RelaysNeitherTheCustomersOwnLinesNorInternalNotes) {
  auto session = harness_.Start();
  ASSERT_TRUE(harness_.Send(session.session_id(), "from the user").ok());
  harness_.sim().InternalNote(session.chat_id(), "agents only: VIP");
  harness_.sim().AgentMessage(session.chat_id(), "for the user");
  ASSERT_TRUE(Acknowledged(harness_.sim(), "incoming_event", 3));
  EventCollector replay(harness_.stub(), After(kBeginning, session.session_id()));
  auto events = replay.WaitFor(2);
  EXPECT_THAT(Texts(events), ::testing::ElementsAre("for the user"));
  EXPECT_EQ(events.size(), 2u);  // the routing transfer and the agent's line
}

TEST_P(Delivery, AnAllSessionsStreamSeesEverySessionInOrder) {
  EventCollector all(harness_.stub(), After(""));
  auto first = harness_.Start("a");
  auto second = harness_.Start("b");
  harness_.sim().AgentMessage(first.chat_id(), "to a");
  harness_.sim().AgentMessage(second.chat_id(), "to b");
  auto events = all.WaitFor(4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_THAT(Texts(events), ::testing::ElementsAre("to a", "to b"));
  for (size_t i = 1; i < events.size(); ++i) EXPECT_LT(events[i - 1].cursor(), events[i].cursor());
}

INSTANTIATE_TEST_SUITE_P(, Delivery, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

namespace hitl::testing {
namespace {

// The headers' hitl-cursor of a SubscribeAgentEvents call.
std::string StartCursor(hitl::v1::HitlService::Stub& stub,
                        const hitl::v1::SubscribeAgentEventsRequest& request) {
  grpc::ClientContext context;
  auto reader = stub.SubscribeAgentEvents(&context, request);
  reader->WaitForInitialMetadata();
  auto header = context.GetServerInitialMetadata().find("hitl-cursor");
  std::string cursor = header == context.GetServerInitialMetadata().end()
                           ? ""
                           : std::string(header->second.data(), header->second.size());
  context.TryCancel();
  reader->Finish();
  return cursor;
}

class StreamHeaders : public ::testing::TestWithParam<StoreKind> {
 protected:
  GatewayHarness harness_{{.store = GetParam()}};
};

TEST_P(StreamHeaders, TellWhereTheStreamStartsSoABreakBeforeTheFirstEventLosesNothing) {
  auto session = harness_.Start();
  // The routing transfer is journaled as seq 1 when its webhook arrives, which
  // may be just after StartHitl answers; wait for it so "now" is fixed.
  EventCollector transfer(harness_.stub(), After(kBeginning, session.session_id()));
  ASSERT_EQ(transfer.WaitFor(1).size(), 1u);
  hitl::v1::SubscribeAgentEventsRequest live;
  EXPECT_EQ(StartCursor(harness_.stub(), live), "00000000000000000001");  // now
  hitl::v1::SubscribeAgentEventsRequest of_session;
  of_session.add_session_ids(session.session_id());
  EXPECT_EQ(StartCursor(harness_.stub(), of_session), std::string(20, '0'));  // its start
  hitl::v1::SubscribeAgentEventsRequest resumed;
  resumed.set_after_cursor("00000000000000000001");
  EXPECT_EQ(StartCursor(harness_.stub(), resumed), "00000000000000000001");
}

INSTANTIATE_TEST_SUITE_P(, StreamHeaders, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

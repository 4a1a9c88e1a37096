// What verified webhooks do to sessions and the event journal.
#include "server/handoff/agent_event_ingest.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/livechat/livechat_status.h"
#include "server/livechat/wire/webhooks.h"
#include "server/store/session_updates.h"
#include "tests/support/faulty_store.h"
#include "tests/support/handoff_fixture.h"

namespace hitl::handoff {
namespace {

namespace wire = livechat::wire;

class AgentEventIngestTest : public testing::HandoffFixture {};

TEST_F(AgentEventIngestTest, JournalsAnAgentMessageAndMarksTheSessionActive) {
  auto session = StartSession();
  EXPECT_EQ(*AgentMessage(session, "T_5", "jane@example.com", "Hi, I'm Jane"),
            IngestOutcome::kJournaled);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].session_id(), session.session_id());
  EXPECT_EQ(journal[0].chat_id(), session.chat_id());
  EXPECT_EQ(journal[0].agent_message().agent_id(), "jane@example.com");
  EXPECT_EQ(journal[0].agent_message().text(), "Hi, I'm Jane");
  EXPECT_EQ(journal[0].agent_message().event_id(), "T_5");
  EXPECT_EQ(journal[0].time().seconds(), 1749719762);  // LiveChat's created_at
  auto stored = Stored(session.session_id());
  EXPECT_EQ(stored.state, store::SessionState::kActive);
  EXPECT_EQ(stored.agent_ids, std::vector<std::string>{"jane@example.com"});
}

TEST_F(AgentEventIngestTest, DoesNotEchoTheCustomersOwnMessages) {
  auto session = StartSession();
  EXPECT_EQ(*AgentMessage(session, "T_6", session.customer_id(), "what SendMessage posted"),
            IngestOutcome::kNotForTheBot);
  EXPECT_TRUE(Journal().empty());
  EXPECT_EQ(Stored(session.session_id()).state, store::SessionState::kWaiting);
}

TEST_F(AgentEventIngestTest, KeepsAgentsOnlyNotesFromTheBot) {
  auto session = StartSession();
  EXPECT_EQ(*AgentMessage(session, "T_7", "jane@example.com", "internal: VIP?", "agents"),
            IngestOutcome::kNotForTheBot);
  EXPECT_TRUE(Journal().empty());
}

TEST_F(AgentEventIngestTest, SkipsSystemMessages) {
  auto session = StartSession();
  wire::IncomingEventPayload payload{
      .chat_id = session.chat_id(), .thread_id = session.thread_id(),
      .event = {.id = "T_8", .created_at = "2025-06-12T09:15:58.000131Z",
                .type = "system_message", .visibility = "all", .text = "transferred",
                .system_message_type = "chat_transferred"}};
  EXPECT_EQ(*Deliver("incoming_event", wire::ToJson(payload)), IngestOutcome::kNotForTheBot);
  EXPECT_TRUE(Journal().empty());
}

TEST_F(AgentEventIngestTest, RelaysAgentFiles) {
  auto session = StartSession();
  wire::IncomingEventPayload payload{
      .chat_id = session.chat_id(), .thread_id = session.thread_id(),
      .event = {.id = "T_9", .created_at = "2025-06-12T09:17:40.112004Z", .type = "file",
                .author_id = "jane@example.com", .visibility = "all",
                .name = "label.png", .url = "https://cdn.example/label.png",
                .content_type = "image/png", .alternative_text = "label", .size = 48211}};
  EXPECT_EQ(*Deliver("incoming_event", wire::ToJson(payload)), IngestOutcome::kJournaled);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 1u);
  const auto& file = journal[0].agent_file();
  EXPECT_EQ(file.url(), "https://cdn.example/label.png");
  EXPECT_EQ(file.name(), "label.png");
  EXPECT_EQ(file.content_type(), "image/png");
  EXPECT_EQ(file.size(), 48211);
  EXPECT_EQ(file.agent_id(), "jane@example.com");
}

TEST_F(AgentEventIngestTest, IgnoresChatsThatAreNotSessions) {
  hitl::v1::Session stranger;
  stranger.set_chat_id("SOMEONE_ELSES");
  stranger.set_thread_id("T");
  EXPECT_EQ(*AgentMessage(stranger, "T_1", "jane@example.com", "hi"),
            IngestOutcome::kNotASession);
  EXPECT_TRUE(Journal().empty());
}

TEST_F(AgentEventIngestTest, IgnoresOtherOrganizations) {
  auto session = StartSession();
  wire::ChatDeactivatedPayload payload{.chat_id = session.chat_id(), .thread_id = "T"};
  EXPECT_EQ(*Deliver("chat_deactivated", wire::ToJson(payload), "another-org"),
            IngestOutcome::kOtherOrganization);
  EXPECT_FALSE(Stored(session.session_id()).ended());
}

TEST_F(AgentEventIngestTest, DeliversARedeliveredWebhookOnce) {
  auto session = StartSession();
  EXPECT_EQ(*AgentMessage(session, "T_5", "jane@example.com", "once"), IngestOutcome::kJournaled);
  EXPECT_EQ(*AgentMessage(session, "T_5", "jane@example.com", "once"), IngestOutcome::kDuplicate);
  EXPECT_EQ(Journal().size(), 1u);
}

TEST_F(AgentEventIngestTest, AFailedStopLeavesALaterCloseToWhoeverClosedIt) {
  auto session = StartSession();
  livechat_.FailNext("DeactivateChat",
                     livechat::TransportStatus("deactivate_chat", absl::UnavailableError("x")));
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  stop.set_reason("bot bye");
  ASSERT_FALSE(handoff_->StopHitl(stop).ok());
  ASSERT_EQ(*ChatDeactivated(session, "jane@example.com"), IngestOutcome::kJournaled);
  EXPECT_EQ(Journal().back().session_ended().ended_by(), hitl::v1::ENDED_BY_AGENT);
}

TEST_F(AgentEventIngestTest, EndsTheSessionOnceWhenTheAgentClosesTheChat) {
  auto session = StartSession();
  EXPECT_EQ(*ChatDeactivated(session, "jane@example.com"), IngestOutcome::kJournaled);
  // A second deactivation (another thread, a retry) adds no second end.
  wire::ChatDeactivatedPayload again{.chat_id = session.chat_id(), .thread_id = "OTHER",
                                     .user_id = "jane@example.com"};
  EXPECT_EQ(*Deliver("chat_deactivated", wire::ToJson(again)), IngestOutcome::kNotForTheBot);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].session_ended().ended_by(), hitl::v1::ENDED_BY_AGENT);
  EXPECT_EQ(journal[0].session_ended().agent_id(), "jane@example.com");
  auto stored = Stored(session.session_id());
  EXPECT_TRUE(stored.ended());
  EXPECT_EQ(stored.ended_by, store::EndedBy::kAgent);
  EXPECT_GT(stored.ended_seq, 0);
  // StopHitl afterwards reports the ended session and closes nothing.
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  auto stopped = handoff_->StopHitl(stop);
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->ended_by(), hitl::v1::ENDED_BY_AGENT);
  EXPECT_EQ(livechat_.Count("DeactivateChat"), 0);
  EXPECT_EQ(Journal().size(), 1u);
}

TEST_F(AgentEventIngestTest, AttributesARouterCloseToLiveChat) {
  auto session = StartSession();
  EXPECT_EQ(*ChatDeactivated(session, ""), IngestOutcome::kJournaled);
  EXPECT_EQ(Journal()[0].session_ended().ended_by(), hitl::v1::ENDED_BY_LIVECHAT);
}

TEST_F(AgentEventIngestTest, AttributesTheEndToTheBotWhenItsStopRacedTheWebhook) {
  auto session = StartSession();
  ASSERT_TRUE(store::MarkStopRequested(*store_, session.session_id(), "bye").ok());
  EXPECT_EQ(*ChatDeactivated(session, "bot@example.com"), IngestOutcome::kJournaled);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].session_ended().ended_by(), hitl::v1::ENDED_BY_BOT);
  EXPECT_EQ(journal[0].session_ended().reason(), "bye");
}

TEST_F(AgentEventIngestTest, NothingFollowsTheEnd) {
  auto session = StartSession();
  ASSERT_EQ(*ChatDeactivated(session, "jane@example.com"), IngestOutcome::kJournaled);
  EXPECT_EQ(*AgentMessage(session, "T_9", "jane@example.com", "late"),
            IngestOutcome::kNotForTheBot);
  EXPECT_EQ(Journal().size(), 1u);
}

TEST_F(AgentEventIngestTest, ReportsAssignmentsAndQueues) {
  auto session = StartSession();
  wire::ChatTransferredPayload queued{.chat_id = session.chat_id(), .thread_id = "T",
                                      .reason = "manual", .group_ids = {7},
                                      .queue = wire::QueueInfo{3, 240, "2025-06-12T09:15:57.902311Z"}};
  EXPECT_EQ(*Deliver("chat_transferred", wire::ToJson(queued)), IngestOutcome::kJournaled);
  EXPECT_EQ(Stored(session.session_id()).state, store::SessionState::kWaiting);
  wire::ChatTransferredPayload assigned{.chat_id = session.chat_id(), .thread_id = "T",
                                        .reason = "assigned", .group_ids = {7},
                                        .agent_ids = {"john@example.com"}};
  EXPECT_EQ(*Deliver("chat_transferred", wire::ToJson(assigned)), IngestOutcome::kJournaled);
  auto stored = Stored(session.session_id());
  EXPECT_EQ(stored.state, store::SessionState::kActive);
  EXPECT_EQ(stored.agent_ids, std::vector<std::string>{"john@example.com"});

  auto journal = Journal();
  ASSERT_EQ(journal.size(), 2u);
  const auto& first = journal[0].chat_transferred();
  EXPECT_TRUE(first.agent_ids().empty());
  EXPECT_EQ(first.queue().position(), 3);
  EXPECT_EQ(first.queue().wait_time_seconds(), 240);
  EXPECT_TRUE(first.queue().has_queued_time());
  EXPECT_EQ(first.reason(), hitl::v1::TRANSFER_REASON_MANUAL);
  const auto& second = journal[1].chat_transferred();
  EXPECT_EQ(second.agent_ids(0), "john@example.com");
  EXPECT_EQ(second.group_ids(0), 7);
  EXPECT_EQ(second.reason(), hitl::v1::TRANSFER_REASON_ASSIGNED);
  EXPECT_FALSE(second.has_queue());
}

TEST_F(AgentEventIngestTest, KeepsABounceBackToTheSameAgentButNotARedelivery) {
  auto session = StartSession();
  auto to = [&](const std::string& agent) {
    wire::ChatTransferredPayload payload{.chat_id = session.chat_id(), .thread_id = "T",
                                         .reason = "manual", .group_ids = {7},
                                         .agent_ids = {agent}};
    return *Deliver("chat_transferred", wire::ToJson(payload));
  };
  EXPECT_EQ(to("a@example.com"), IngestOutcome::kJournaled);
  EXPECT_EQ(to("a@example.com"), IngestOutcome::kDuplicate);  // LiveChat's retry
  EXPECT_EQ(to("b@example.com"), IngestOutcome::kJournaled);
  EXPECT_EQ(to("a@example.com"), IngestOutcome::kJournaled);  // bounced back: real
  EXPECT_EQ(Journal().size(), 3u);
  EXPECT_EQ(Stored(session.session_id()).agent_ids, std::vector<std::string>{"a@example.com"});
}

TEST_F(AgentEventIngestTest, NeverRelaysTheOpeningEventsAsAnAgentsMessages) {
  auto session = StartSession();
  auto opening = Stored(session.session_id()).opening_event_ids;
  ASSERT_EQ(opening.size(), 3u);  // summary, the user's line, the bot's line
  EXPECT_EQ(*AgentMessage(session, opening[0], "bot@example.com", "Refund"),
            IngestOutcome::kNotForTheBot);
  EXPECT_TRUE(Journal().empty());
}

TEST_F(AgentEventIngestTest, AnEndPicksUpAgentMessagesWhoseWebhookWasLateOrLost) {
  auto session = StartSession();
  ASSERT_EQ(*AgentMessage(session, "T_10", "jane@example.com", "first"),
            IngestOutcome::kJournaled);
  // Written in LiveChat, but no webhook (yet): lost, or coming after the end.
  livechat_.AddChatEvent(session.chat_id(),
                         {.id = "T_10", .created_at = "2025-06-12T09:16:00.000000Z",
                          .type = "message", .author_id = "jane@example.com",
                          .visibility = "all", .text = "first"});
  livechat_.AddChatEvent(session.chat_id(),
                         {.id = "T_11", .created_at = "2025-06-12T09:17:00.000000Z",
                          .type = "message", .author_id = "jane@example.com",
                          .visibility = "all", .text = "goodbye, refund done"});
  ASSERT_EQ(*ChatDeactivated(session, "jane@example.com"), IngestOutcome::kJournaled);
  // The late webhook adds nothing.
  EXPECT_EQ(*AgentMessage(session, "T_11", "jane@example.com", "goodbye, refund done"),
            IngestOutcome::kNotForTheBot);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 3u);
  EXPECT_EQ(journal[0].agent_message().text(), "first");
  EXPECT_EQ(journal[1].agent_message().text(), "goodbye, refund done");
  EXPECT_TRUE(journal[2].has_session_ended());  // the end comes last
}

TEST_F(AgentEventIngestTest, KeepsAnUnknownTransferReasonVerbatim) {
  auto session = StartSession();
  wire::ChatTransferredPayload payload{.chat_id = session.chat_id(), .reason = "brand_new",
                                       .agent_ids = {"a@example.com"}};
  ASSERT_EQ(*Deliver("chat_transferred", wire::ToJson(payload)), IngestOutcome::kJournaled);
  EXPECT_EQ(Journal()[0].chat_transferred().reason(), hitl::v1::TRANSFER_REASON_UNSPECIFIED);
  EXPECT_EQ(Journal()[0].chat_transferred().raw_reason(), "brand_new");
}

TEST_F(AgentEventIngestTest, IgnoresActionsItDoesNotConsume) {
  auto session = StartSession();
  EXPECT_EQ(*Deliver("incoming_chat", wire::Json{{"chat", {{"id", session.chat_id()}}}}),
            IngestOutcome::kNotConsumed);
}

// The ingest on a store whose records to write are as old as the contract
// allows: a replica remembering what it last wrote, after another wrote.
class AgentEventIngestOnOldRecordsTest : public AgentEventIngestTest {
 protected:
  AgentEventIngestOnOldRecordsTest() {
    ingest_ = std::make_unique<AgentEventIngest>(remembering_, *ender_, clock_,
                                                 testing::kOrganization);
  }
  ~AgentEventIngestOnOldRecordsTest() override { ingest_.reset(); }

  IngestOutcome TransferTo(const hitl::v1::Session& session, const std::string& agent) {
    wire::ChatTransferredPayload payload{.chat_id = session.chat_id(), .thread_id = "T",
                                         .reason = "manual", .group_ids = {7},
                                         .agent_ids = {agent}};
    auto outcome = Deliver("chat_transferred", wire::ToJson(payload));
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.value_or(IngestOutcome::kNotConsumed);
  }

  testing::FaultyStore remembering_{*store_};
};

TEST_F(AgentEventIngestOnOldRecordsTest, JournalsEachAgentMessageOnceFromAnOldRecord) {
  auto session = StartSession();
  remembering_.ServeStaleRecords();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(*AgentMessage(session, absl::StrCat("T_", i), "jane@example.com", "hi"),
              IngestOutcome::kJournaled);
  }
  EXPECT_EQ(Journal().size(), 5u);
  EXPECT_EQ(Stored(session.session_id()).state, store::SessionState::kActive);
}

TEST_F(AgentEventIngestOnOldRecordsTest, ABounceBackIsJournaledThoughTheOldRecordSaysRedelivery) {
  auto session = StartSession();
  EXPECT_EQ(TransferTo(session, "a@example.com"), IngestOutcome::kJournaled);
  remembering_.ServeStaleRecords();  // remembers the transfer to a
  EXPECT_EQ(TransferTo(session, "a@example.com"), IngestOutcome::kDuplicate);
  EXPECT_EQ(TransferTo(session, "b@example.com"), IngestOutcome::kJournaled);
  // The old record's last transfer is a's, the stored one's is b's.
  EXPECT_EQ(TransferTo(session, "a@example.com"), IngestOutcome::kJournaled);
  EXPECT_EQ(Journal().size(), 3u);
  EXPECT_EQ(Stored(session.session_id()).agent_ids, std::vector<std::string>{"a@example.com"});
}

TEST_F(AgentEventIngestOnOldRecordsTest, AChatWhoseSessionWentSinceIsNotASession) {
  auto session = StartSession();
  remembering_.ServeStaleRecords();
  ASSERT_EQ(*AgentMessage(session, "T_1", "jane@example.com", "hi"), IngestOutcome::kJournaled);
  ASSERT_TRUE(store_->DeleteSession(session.session_id()).ok());  // e.g. retention
  EXPECT_EQ(*AgentMessage(session, "T_2", "jane@example.com", "late"),
            IngestOutcome::kNotASession);
  EXPECT_EQ(TransferTo(session, "b@example.com"), IngestOutcome::kNotASession);
}

}  // namespace
}  // namespace hitl::handoff

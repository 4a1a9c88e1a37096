// StartHitl / SendMessage / StopHitl / GetSession against a fake LiveChat.
#include "server/handoff/handoff_service.h"

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/handoff/start_progress.h"
#include "server/handoff/text_splitter.h"
#include "server/livechat/livechat_status.h"
#include "server/store/idempotency_keys.h"
#include "tests/support/handoff_fixture.h"

namespace hitl::handoff {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class HandoffServiceTest : public testing::HandoffFixture {
 protected:
  // As if a replica died mid-StartHitl after creating the customer (and
  // opening the chat, if `opened_chat`): its reservation of `request_id`, with the customer as
  // progress, has expired. Returns the chat it opened ("" if none).
  std::string DieMidStart(const std::string& request_id, bool opened_chat) {
    auto customer = livechat_.CreateCustomer();
    EXPECT_TRUE(customer.ok());
    std::string chat_id;
    if (opened_chat) {
      auto chat = livechat_.StartChat({.customer_id = customer->customer_id,
                                       .customer_access_token = customer->access_token});
      EXPECT_TRUE(chat.ok());
      chat_id = chat->chat_id;
    }
    const std::string key = store::StartRequestKey(request_id);
    EXPECT_TRUE(store_->Reserve(key, "dead-replica", absl::Minutes(1)).ok());
    const std::string progress =
        EncodeStartProgress({.customer_id = customer->customer_id, .cookies = customer->cookies});
    EXPECT_TRUE(store_->SaveProgress(key, "dead-replica", progress, absl::Minutes(1)).ok());
    clock_.Advance(absl::Minutes(2));
    return chat_id;
  }
};

absl::Status Unavailable(absl::string_view action) {
  return livechat::TransportStatus(action, absl::UnavailableError("refused"));
}

hitl::v1::StartHitlRequest MinimalStart() {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id("u1");
  return request;
}

void ExpectInvalidField(const absl::Status& status, const std::string& field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorReason(status), reason::kInvalidField);
  EXPECT_EQ(GetErrorMetadata(status)["field"], field) << status;
}

TEST_F(HandoffServiceTest, RefusesBadStartRequestsNamingTheField) {
  hitl::v1::StartHitlRequest no_user;
  ExpectInvalidField(handoff_->StartHitl(no_user).status(), "user.id");

  auto bad_role = MinimalStart();
  bad_role.add_transcript()->set_text("hi");
  ExpectInvalidField(handoff_->StartHitl(bad_role).status(), "transcript[0].role");

  auto empty_text = MinimalStart();
  empty_text.add_transcript()->set_role(hitl::v1::AUTHOR_ROLE_BOT);
  ExpectInvalidField(handoff_->StartHitl(empty_text).status(), "transcript[0].text");

  auto bad_email = MinimalStart();
  bad_email.mutable_user()->set_email("not-an-address");
  ExpectInvalidField(handoff_->StartHitl(bad_email).status(), "user.email");

  auto negative_group = MinimalStart();
  negative_group.set_group_id(-1);
  ExpectInvalidField(handoff_->StartHitl(negative_group).status(), "group_id");

  auto too_many = MinimalStart();
  for (int i = 0; i < 51; ++i) (*too_many.mutable_properties())[absl::StrCat("k", i)] = "v";
  ExpectInvalidField(handoff_->StartHitl(too_many).status(), "properties");

  EXPECT_TRUE(livechat_.calls().empty()) << "nothing may reach LiveChat";
}

TEST_F(HandoffServiceTest, OpensTheChatInFourCallsWithTheCustomerAndContext) {
  auto request = MinimalStart();
  request.set_title("Refund");
  request.set_description("Order #4411");
  (*request.mutable_properties())["plan"] = "gold";
  (*request.mutable_properties())["locale"] = "en";
  auto* said = request.add_transcript();
  said->set_role(hitl::v1::AUTHOR_ROLE_USER);
  said->set_text("where is my order?");
  auto* answered = request.add_transcript();
  answered->set_role(hitl::v1::AUTHOR_ROLE_BOT);
  answered->set_text("connecting you");
  auto session = handoff_->StartHitl(request);
  ASSERT_TRUE(session.ok()) << session.status();

  EXPECT_THAT(livechat_.calls(),
              ElementsAre("CreateCustomer", "UpdateCustomer:user_id=u1;locale=en;plan=gold;",
                          "StartChat:0", absl::StrCat("RouteToGroup:", session->chat_id(), ">0")));
  auto opening = livechat_.last_opening();
  EXPECT_EQ(opening.customer_id, session->customer_id());
  ASSERT_EQ(opening.events.size(), 3u);
  EXPECT_EQ(opening.events[0].text, "Refund\n\nOrder #4411");
  EXPECT_EQ(opening.events[0].author_id, "");
  EXPECT_EQ(opening.events[1].text, "where is my order?");
  EXPECT_EQ(opening.events[1].author_id, session->customer_id());  // shown as the customer's
  EXPECT_EQ(opening.events[2].author_id, "");                      // the bot's account

  EXPECT_EQ(session->state(), hitl::v1::SESSION_STATE_WAITING);
  EXPECT_EQ(session->user_id(), "u1");
  EXPECT_EQ(session->group_id(), 0);
  EXPECT_FALSE(session->chat_id().empty());
  EXPECT_EQ(session->session_id().size(), 32u);
}

TEST_F(HandoffServiceTest, UsesTheDefaultTitleAndSplitsLongTranscriptMessages) {
  auto request = MinimalStart();
  auto* long_message = request.add_transcript();
  long_message->set_role(hitl::v1::AUTHOR_ROLE_USER);
  long_message->set_text(std::string(kMaxPartBytes + 10, 'x'));
  ASSERT_TRUE(handoff_->StartHitl(request).ok());
  auto opening = livechat_.last_opening();
  ASSERT_EQ(opening.events.size(), 3u);
  EXPECT_EQ(opening.events[0].text, kDefaultTitle);
  EXPECT_EQ(opening.events[1].text.size() + opening.events[2].text.size(), kMaxPartBytes + 10);
}

TEST_F(HandoffServiceTest, RoutesToTheRequestedGroupAfterCheckingItExists) {
  auto request = MinimalStart();
  request.set_group_id(7);
  auto session = handoff_->StartHitl(request);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->group_id(), 7);
  EXPECT_EQ(livechat_.Count("StartChat:7"), 1);

  request.set_group_id(99);
  auto refused = handoff_->StartHitl(request);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(refused.status()), reason::kGroupNotFound);
  EXPECT_EQ(livechat_.Count("StartChat"), 1) << "no chat for an unknown group";
}

TEST_F(HandoffServiceTest, ARetriedStartReturnsTheSameSessionAndOpensNoSecondChat) {
  auto first = StartSession("req-42");
  auto second = StartSession("req-42");
  EXPECT_EQ(first.session_id(), second.session_id());
  EXPECT_EQ(livechat_.Count("StartChat"), 1);
  auto other = StartSession("req-43");
  EXPECT_NE(other.session_id(), first.session_id());
}

TEST_F(HandoffServiceTest, ClosesTheChatWhenRoutingFailsAndKeepsNoSession) {
  livechat_.FailNext("RouteToGroup", Unavailable("transfer_chat"));
  auto session = handoff_->StartHitl(MinimalStart());
  EXPECT_EQ(session.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(session.status().message()), HasSubstr("routing the chat"));
  EXPECT_EQ(GetErrorMetadata(session.status())["action"], "transfer_chat");
  auto calls = livechat_.calls();
  ASSERT_GE(calls.size(), 5u);
  EXPECT_THAT(calls.back(), HasSubstr("DeactivateChat:CHAT"));
  auto chat_id = calls.back().substr(std::string("DeactivateChat:").size());
  EXPECT_FALSE(store_->FindSessionByChat(chat_id)->has_value());
}

TEST_F(HandoffServiceTest, LeavesNothingToCloseWhenTheChatCouldNotBeOpened) {
  livechat_.FailNext("StartChat", Unavailable("start_chat"));
  auto session = handoff_->StartHitl(MinimalStart());
  EXPECT_EQ(session.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(livechat_.Count("DeactivateChat"), 0);
  EXPECT_EQ(livechat_.Count("RouteToGroup"), 0);
}

TEST_F(HandoffServiceTest, AFailedStartCanBeRetriedWithTheSameRequestId) {
  livechat_.FailNext("StartChat", Unavailable("start_chat"));
  auto request = MinimalStart();
  request.set_request_id("again");
  EXPECT_FALSE(handoff_->StartHitl(request).ok());
  EXPECT_TRUE(handoff_->StartHitl(request).ok());
}

TEST_F(HandoffServiceTest, SendsMessagesAsTheCustomerWithTheRequestIdAsCustomId) {
  auto session = StartSession();
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("my order is 4411");
  request.set_request_id("m-1");
  auto sent = handoff_->SendMessage(request);
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(sent->event_ids_size(), 1);
  EXPECT_THAT(livechat_.posted(session.chat_id()), ElementsAre("my order is 4411"));
  EXPECT_EQ(livechat_.Count("SendCustomerMessage:m-1"), 1);
}

TEST_F(HandoffServiceTest, ARetriedSendPostsNothingTwice) {
  auto session = StartSession();
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("hello");
  request.set_request_id("m-1");
  auto first = handoff_->SendMessage(request);
  auto again = handoff_->SendMessage(request);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->event_ids(0), again->event_ids(0));
  EXPECT_EQ(livechat_.posted(session.chat_id()).size(), 1u);
}

TEST_F(HandoffServiceTest, SplitsLongTextsInOrderAndResumesAFailedSendWhereItStopped) {
  auto session = StartSession();
  std::string text = std::string(kMaxPartBytes, 'a') + std::string(kMaxPartBytes, 'b') + "c";
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text(text);
  request.set_request_id("long");
  livechat_.FailAfter("SendCustomerMessage", 2, Unavailable("send_event"));
  auto failed = handoff_->SendMessage(request);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(failed.status().message()), HasSubstr("part 3 of 3"));
  EXPECT_EQ(livechat_.posted(session.chat_id()).size(), 2u);

  auto retried = handoff_->SendMessage(request);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->event_ids_size(), 3);
  EXPECT_EQ(absl::StrJoin(livechat_.posted(session.chat_id()), ""), text);
  EXPECT_EQ(livechat_.Count("SendCustomerMessage:long#1"), 1);
  EXPECT_EQ(livechat_.Count("SendCustomerMessage:long#2"), 1);
  EXPECT_EQ(livechat_.Count("SendCustomerMessage:long#3"), 2);  // failed, then posted
}

TEST_F(HandoffServiceTest, ARetryChecksLiveChatBeforeRepostingAPartWhoseAnswerWasLost) {
  auto session = StartSession();
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("did it arrive?");
  request.set_request_id("m-lost");
  livechat_.LoseNextSendAnswer();  // posted, but the gateway hears a failure
  EXPECT_EQ(handoff_->SendMessage(request).status().code(), absl::StatusCode::kUnavailable);
  auto retried = handoff_->SendMessage(request);  // the bot retries, as told
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(livechat_.posted(session.chat_id()).size(), 1u) << "posted once, found on retry";
  EXPECT_EQ(retried->event_ids_size(), 1);
}

TEST_F(HandoffServiceTest, AChatClosedInLiveChatEndsTheSessionOnSend) {
  auto session = StartSession();
  livechat_.CloseChat(session.chat_id());  // its chat_deactivated webhook never came
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("hello?");
  auto sent = handoff_->SendMessage(request);
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(sent.status()), reason::kSessionEnded);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].session_ended().ended_by(), hitl::v1::ENDED_BY_LIVECHAT);
}

TEST_F(HandoffServiceTest, ARetriedStartFinishesRoutingThatACrashInterrupted) {
  auto session = StartSession();
  // As if the process died between storing the session and routing it: the
  // session is unrouted, and the dead attempt's reservation of the request
  // id, with the session as its progress, has expired.
  store::SessionRecord stored = Stored(session.session_id());
  stored.routed = false;
  ASSERT_TRUE(store_->UpdateSession(stored).ok());
  const std::string key = store::StartRequestKey("req-crash");
  ASSERT_TRUE(store_->Reserve(key, "dead-attempt", absl::Minutes(1)).ok());
  ASSERT_TRUE(store_->SaveProgress(key, "dead-attempt",
                                   store::EncodeStringList({session.session_id()}),
                                   absl::Minutes(1))
                  .ok());
  clock_.Advance(absl::Minutes(2));
  int routes = livechat_.Count("RouteToGroup");
  auto again = StartSession("req-crash");
  EXPECT_EQ(again.session_id(), session.session_id());
  EXPECT_EQ(livechat_.Count("RouteToGroup"), routes + 1);
  EXPECT_TRUE(Stored(session.session_id()).routed);
  StartSession("req-crash");
  EXPECT_EQ(livechat_.Count("RouteToGroup"), routes + 1) << "routed once";
}

TEST_F(HandoffServiceTest, ARetryFinishesTheStartOfAReplicaThatDiedAfterOpeningTheChat) {
  const std::string chat_id = DieMidStart("req-dead", /*opened_chat=*/true);
  const int chats = livechat_.Count("StartChat");
  const int customers = livechat_.Count("CreateCustomer");
  auto session = StartSession("req-dead");
  EXPECT_EQ(session.chat_id(), chat_id) << "the dead attempt's chat, not a second one";
  EXPECT_EQ(livechat_.Count("StartChat"), chats);
  EXPECT_EQ(livechat_.Count("CreateCustomer"), customers);
  EXPECT_EQ(livechat_.Count("RouteToGroup"), 1);
  EXPECT_EQ(livechat_.Count("DeactivateChat"), 0);
  EXPECT_EQ(StartSession("req-dead").session_id(), session.session_id());
  EXPECT_EQ(livechat_.Count("RouteToGroup"), 1) << "routed once";
}

TEST_F(HandoffServiceTest, ARetryReusesTheCustomerOfAReplicaThatDiedBeforeOpeningTheChat) {
  DieMidStart("req-early", /*opened_chat=*/false);
  const int customers = livechat_.Count("CreateCustomer");
  auto session = StartSession("req-early");
  EXPECT_EQ(livechat_.Count("CreateCustomer"), customers) << "its customer, renewed";
  EXPECT_EQ(livechat_.Count("RefreshCustomer"), 1);
  EXPECT_EQ(livechat_.Count("StartChat"), 1);
  EXPECT_FALSE(session.chat_id().empty());
}

TEST_F(HandoffServiceTest, AStartThatFailedBeforeTheChatWasKnownIsTakenOverByItsRetry) {
  // start_chat's answer is lost for good: the chat may exist. The retry
  // must look for it through the same customer instead of a new one.
  livechat_.FailNext("StartChat", Unavailable("start_chat"));
  auto request = MinimalStart();
  request.set_request_id("lost");
  EXPECT_FALSE(handoff_->StartHitl(request).ok());
  const int customers = livechat_.Count("CreateCustomer");
  ASSERT_TRUE(handoff_->StartHitl(request).ok());
  EXPECT_EQ(livechat_.Count("CreateCustomer"), customers);
  EXPECT_EQ(livechat_.Count("FindCustomerChat"), 1);
}

TEST_F(HandoffServiceTest, AReservationWithNothingSavedStartsAfresh) {
  const std::string key = store::StartRequestKey("req-empty");
  ASSERT_TRUE(store_->Reserve(key, "dead-replica", absl::Minutes(1)).ok());
  clock_.Advance(absl::Minutes(2));
  auto session = StartSession("req-empty");
  EXPECT_EQ(livechat_.Count("CreateCustomer"), 1);
  EXPECT_EQ(livechat_.Count("StartChat"), 1);
}

TEST_F(HandoffServiceTest, TheUserIdSessionFieldIsReserved) {
  auto request = MinimalStart();
  (*request.mutable_properties())["user_id"] = "spoofed";
  ExpectInvalidField(handoff_->StartHitl(request).status(), "properties[user_id]");
}

TEST_F(HandoffServiceTest, RejectsMessagesForUnknownOrEndedSessions) {
  hitl::v1::SendMessageRequest request;
  request.set_session_id("nope");
  request.set_text("hi");
  auto unknown = handoff_->SendMessage(request);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(unknown.status()), reason::kSessionNotFound);

  auto session = StartSession();
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  ASSERT_TRUE(handoff_->StopHitl(stop).ok());
  request.set_session_id(session.session_id());
  auto ended = handoff_->SendMessage(request);
  EXPECT_EQ(ended.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(ended.status()), reason::kSessionEnded);

  request.set_text("");
  ExpectInvalidField(handoff_->SendMessage(request).status(), "text");
  request.set_text(std::string(kMaxTextBytes + 1, 'x'));
  ExpectInvalidField(handoff_->SendMessage(request).status(), "text");
}

TEST_F(HandoffServiceTest, RenewsARejectedCustomerTokenOnceForTheSameCustomer) {
  auto session = StartSession();
  livechat_.ExpireTokens();
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("still there?");
  auto sent = handoff_->SendMessage(request);
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(livechat_.Count(absl::StrCat("RefreshCustomer:", session.customer_id())), 1);
  EXPECT_EQ(livechat_.posted(session.chat_id()).size(), 1u);
  EXPECT_EQ(Stored(session.session_id()).customer_id, session.customer_id());
}

TEST_F(HandoffServiceTest, RenewsTheTokenBeforeItExpiresSoSessionsLastForDays) {
  auto session = StartSession();
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("x");
  for (int hour = 0; hour < 72; hour += 4) {
    clock_.Advance(absl::Hours(4));
    ASSERT_TRUE(handoff_->SendMessage(request).ok()) << "hour " << hour;
  }
  EXPECT_GE(livechat_.Count("RefreshCustomer"), 8);
  EXPECT_EQ(livechat_.posted(session.chat_id()).size(), 18u);
}

TEST_F(HandoffServiceTest, TheRenewalDutyRenewsOnlyTokensAboutToExpire) {
  auto soon = StartSession();
  clock_.Advance(absl::Hours(4));
  auto later = StartSession();
  auto ended = StartSession();
  ASSERT_TRUE(handoff_->StopHitl([&] {
    hitl::v1::StopHitlRequest stop;
    stop.set_session_id(ended.session_id());
    return stop;
  }()).ok());
  clock_.Advance(absl::Hours(3) + absl::Minutes(30));  // `soon` has 30 min left
  const std::string old_token = Stored(soon.session_id()).customer.access_token;
  auto renewed = tokens_->RenewExpiring(absl::Hours(1), [] { return false; });
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_EQ(*renewed, 1);
  EXPECT_NE(Stored(soon.session_id()).customer.access_token, old_token);
  EXPECT_EQ(livechat_.Count(absl::StrCat("RefreshCustomer:", soon.customer_id())), 1);
  EXPECT_EQ(livechat_.Count(absl::StrCat("RefreshCustomer:", later.customer_id())), 0);
  EXPECT_EQ(livechat_.Count(absl::StrCat("RefreshCustomer:", ended.customer_id())), 0);
  // Sending now needs no renewal.
  hitl::v1::SendMessageRequest request;
  request.set_session_id(soon.session_id());
  request.set_text("back");
  ASSERT_TRUE(handoff_->SendMessage(request).ok());
  EXPECT_EQ(livechat_.Count("RefreshCustomer"), 1);
}

TEST_F(HandoffServiceTest, RefusesARenewalThatReturnsAnotherCustomer) {
  auto session = StartSession();
  livechat_.ForgetCustomersOnRenewal();
  livechat_.ExpireTokens();
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("x");
  auto sent = handoff_->SendMessage(request);
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ErrorReason(sent.status()), reason::kLiveChatAuthFailed);
  EXPECT_TRUE(livechat_.posted(session.chat_id()).empty());
}

TEST_F(HandoffServiceTest, StopClosesTheChatAndEndsTheSessionOnce) {
  auto session = StartSession();
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  stop.set_reason("user left");
  auto stopped = handoff_->StopHitl(stop);
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  EXPECT_EQ(stopped->state(), hitl::v1::SESSION_STATE_ENDED);
  EXPECT_EQ(stopped->ended_by(), hitl::v1::ENDED_BY_BOT);
  EXPECT_EQ(stopped->end_reason(), "user left");
  EXPECT_TRUE(stopped->has_end_time());
  EXPECT_EQ(livechat_.Count(absl::StrCat("DeactivateChat:", session.chat_id())), 1);

  auto again = handoff_->StopHitl(stop);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ended_by(), hitl::v1::ENDED_BY_BOT);
  EXPECT_EQ(livechat_.Count("DeactivateChat"), 1);
  // LiveChat's own webhook for our deactivation adds nothing.
  EXPECT_EQ(*ChatDeactivated(session, "bot@example.com"), IngestOutcome::kNotForTheBot);
  auto journal = Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].session_ended().ended_by(), hitl::v1::ENDED_BY_BOT);
  // The customer's secrets are gone with the session.
  EXPECT_TRUE(Stored(session.session_id()).customer.access_token.empty());
}

TEST_F(HandoffServiceTest, AFailedStopLeavesTheSessionOpenAndSaysWhy) {
  auto session = StartSession();
  for (int i = 0; i < 1; ++i) livechat_.FailNext("DeactivateChat", Unavailable("deactivate_chat"));
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  auto stopped = handoff_->StopHitl(stop);
  EXPECT_EQ(stopped.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorMetadata(stopped.status())["action"], "deactivate_chat");
  EXPECT_FALSE(Stored(session.session_id()).ended());
  EXPECT_TRUE(handoff_->StopHitl(stop).ok());
}

TEST_F(HandoffServiceTest, GetSessionReturnsTheSessionOrNotFound) {
  auto session = StartSession();
  hitl::v1::GetSessionRequest get;
  get.set_session_id(session.session_id());
  auto got = handoff_->GetSession(get);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->chat_id(), session.chat_id());
  get.set_session_id("missing");
  EXPECT_EQ(handoff_->GetSession(get).status().code(), absl::StatusCode::kNotFound);
  get.set_session_id("");
  ExpectInvalidField(handoff_->GetSession(get).status(), "session_id");
}

}  // namespace
}  // namespace hitl::handoff

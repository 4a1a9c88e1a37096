// Every way a call can fail, as a bot sees it over gRPC: the canonical code
// and the ErrorInfo reason (and field or LiveChat action).
#include <httplib.h>

#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/store_kind.h"

namespace hitl::testing {
namespace {

struct Outcome {
  grpc::StatusCode code;
  std::string reason;
  std::map<std::string, std::string> metadata;
};

Outcome Of(const grpc::Status& status) {
  absl::Status decoded = FromGrpcStatus(status);
  return {status.error_code(), ErrorReason(decoded), GetErrorMetadata(decoded)};
}

class Errors : public ::testing::TestWithParam<StoreKind> {
 protected:
  Outcome Start(const hitl::v1::StartHitlRequest& request) {
    grpc::ClientContext context;
    hitl::v1::StartHitlResponse response;
    return Of(harness_.stub().StartHitl(&context, request, &response));
  }
  Outcome Send(const std::string& session_id, const std::string& text) {
    hitl::v1::SendMessageRequest request;
    request.set_session_id(session_id);
    request.set_text(text);
    grpc::ClientContext context;
    hitl::v1::SendMessageResponse response;
    return Of(harness_.stub().SendMessage(&context, request, &response));
  }
  Outcome Subscribe(const std::vector<std::string>& sessions, const std::string& cursor) {
    hitl::v1::SubscribeAgentEventsRequest request;
    for (const auto& id : sessions) request.add_session_ids(id);
    request.set_after_cursor(cursor);
    EventCollector collector(harness_.stub(), request);
    return Of(collector.WaitForEnd());
  }

  GatewayHarness harness_{{.store = GetParam()}};
};

TEST_P(Errors, InvalidFieldsAreInvalidArgumentNamingTheField) {
  hitl::v1::StartHitlRequest request;
  Outcome outcome = Start(request);
  EXPECT_EQ(outcome.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.reason, "INVALID_FIELD");
  EXPECT_EQ(outcome.metadata["field"], "user.id");

  outcome = Send("any", "");
  EXPECT_EQ(outcome.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.metadata["field"], "text");

  outcome = Send("any", std::string(65537, 'x'));
  EXPECT_EQ(outcome.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.metadata["field"], "text");

  outcome = Subscribe({}, "not-a-cursor");
  EXPECT_EQ(outcome.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.metadata["field"], "after_cursor");
}

TEST_P(Errors, AnOverlongStopReasonIsRefusedAndTheSessionStaysReadable) {
  hitl::v1::Session session = harness_.Start();
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id(session.session_id());
  stop.set_reason(std::string(2 << 20, 'r'));  // 2 MiB: within gRPC's 4 MiB message limit
  grpc::ClientContext context;
  hitl::v1::StopHitlResponse stopped;
  Outcome outcome = Of(harness_.stub().StopHitl(&context, stop, &stopped));
  EXPECT_EQ(outcome.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.metadata["field"], "reason");
  // Nothing was kept: the session reads back, still open, and stops with a
  // reason of the documented size.
  hitl::v1::GetSessionRequest get;
  get.set_session_id(session.session_id());
  grpc::ClientContext read;
  hitl::v1::GetSessionResponse got;
  ASSERT_TRUE(harness_.stub().GetSession(&read, get, &got).ok());
  EXPECT_NE(got.session().state(), hitl::v1::SESSION_STATE_ENDED);
  stop.set_reason(std::string(1024, 'r'));
  grpc::ClientContext again;
  ASSERT_TRUE(harness_.stub().StopHitl(&again, stop, &stopped).ok());
  EXPECT_EQ(stopped.session().end_reason(), std::string(1024, 'r'));
}

TEST_P(Errors, AnUnknownGroupIsInvalidArgumentBeforeAnythingIsCreated) {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id("u");
  request.set_group_id(99);
  Outcome outcome = Start(request);
  EXPECT_EQ(outcome.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.reason, "GROUP_NOT_FOUND");
  EXPECT_TRUE(harness_.sim().Chats().empty());
}

TEST_P(Errors, UnknownSessionsAreNotFound) {
  EXPECT_EQ(Send("no-such-session", "hi").reason, "SESSION_NOT_FOUND");
  EXPECT_EQ(Send("no-such-session", "hi").code, grpc::StatusCode::NOT_FOUND);
  hitl::v1::GetSessionRequest get;
  get.set_session_id("no-such-session");
  hitl::v1::GetSessionResponse got;
  grpc::ClientContext context;
  EXPECT_EQ(harness_.stub().GetSession(&context, get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  hitl::v1::StopHitlRequest stop;
  stop.set_session_id("no-such-session");
  hitl::v1::StopHitlResponse stopped;
  grpc::ClientContext stop_context;
  EXPECT_EQ(harness_.stub().StopHitl(&stop_context, stop, &stopped).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Subscribe({"no-such-session"}, "").code, grpc::StatusCode::NOT_FOUND);
}

TEST_P(Errors, MessagesToAnEndedSessionAreFailedPrecondition) {
  auto session = harness_.Start();
  harness_.sim().Close(session.chat_id(), "jane.doe@example.com");
  ASSERT_TRUE(Eventually([&] {
    hitl::v1::GetSessionRequest get;
    get.set_session_id(session.session_id());
    hitl::v1::GetSessionResponse got;
    grpc::ClientContext context;
    harness_.stub().GetSession(&context, get, &got);
    return got.session().state() == hitl::v1::SESSION_STATE_ENDED;
  }));
  Outcome outcome = Send(session.session_id(), "anyone there?");
  EXPECT_EQ(outcome.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(outcome.reason, "SESSION_ENDED");
}

TEST_P(Errors, LiveChatDownAfterRetriesIsUnavailableNamingTheAction) {
  auto session = harness_.Start();
  harness_.sim().Fault({{"action", "send_event"}, {"count", 100},
                        {"error_type", "service_unavailable"}});
  Outcome outcome = Send(session.session_id(), "hello?");
  EXPECT_EQ(outcome.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(outcome.reason, "LIVECHAT_UNAVAILABLE");
  EXPECT_EQ(outcome.metadata["action"], "send_event");
}

TEST_P(Errors, TheGatewayAnswersWithTheRealReasonBeforeTheCallersDeadline) {
  auto session = harness_.Start();
  // Every retry would wait a second: more than the bot is willing to wait.
  harness_.sim().Fault({{"action", "send_event"}, {"count", 100},
                        {"error_type", "service_unavailable"}, {"retry_after_seconds", 1}});
  hitl::v1::SendMessageRequest request;
  request.set_session_id(session.session_id());
  request.set_text("hello?");
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(1500)));
  hitl::v1::SendMessageResponse response;
  Outcome outcome = Of(harness_.stub().SendMessage(&context, request, &response));
  EXPECT_EQ(outcome.code, grpc::StatusCode::UNAVAILABLE);  // not DEADLINE_EXCEEDED
  EXPECT_EQ(outcome.reason, "LIVECHAT_UNAVAILABLE");
  EXPECT_EQ(outcome.metadata["action"], "send_event");
}

TEST_P(Errors, APersistentRateLimitIsResourceExhausted) {
  auto session = harness_.Start();
  harness_.sim().Fault({{"action", "send_event"}, {"count", 100},
                        {"error_type", "too_many_requests"}});
  Outcome outcome = Send(session.session_id(), "hello?");
  EXPECT_EQ(outcome.code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(outcome.reason, "LIVECHAT_RATE_LIMITED");
}

TEST_P(Errors, ACursorFromElsewhereIsOutOfRange) {
  Outcome outcome = Subscribe({}, "00000000000000999999");
  EXPECT_EQ(outcome.code, grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(outcome.reason, "CURSOR_INVALID");
}

INSTANTIATE_TEST_SUITE_P(, Errors, EveryStore(), StoreName);

class ErrorsWithShortRetention : public ::testing::TestWithParam<StoreKind> {
 protected:
  GatewayHarness harness_{{.store = GetParam(), .env = {{"HITL_JOURNAL_RETENTION", "1s"}}}};
};

TEST_P(ErrorsWithShortRetention, AnExpiredCursorIsOutOfRangeSayingWhatToDo) {
  auto session = harness_.Start();
  harness_.sim().AgentMessage(session.chat_id(), "soon forgotten");
  hitl::v1::SubscribeAgentEventsRequest request;
  request.set_after_cursor(std::string(20, '0'));
  {
    EventCollector collector(harness_.stub(), request);
    ASSERT_EQ(collector.WaitFor(2).size(), 2u);
  }
  absl::SleepFor(absl::Milliseconds(1100));  // let the events age past retention
  harness_.RestartGateway();  // retention runs in the background after start-up
  // Until it has run, the old cursor is still valid and the stream stays open.
  grpc::Status status;
  ASSERT_TRUE(Eventually([&] {
    EventCollector collector(harness_.stub(), request);
    status = collector.WaitForEnd(absl::Milliseconds(200));
    return status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED;
  }));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "CURSOR_EXPIRED");
  EXPECT_NE(status.error_message().find("empty after_cursor"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(, ErrorsWithShortRetention, EveryStore(), StoreName);

class ErrorsWithWrongCredentials : public ::testing::TestWithParam<StoreKind> {
 protected:
  GatewayHarness harness_{
      {.store = GetParam(), .env = {{"LIVECHAT_AGENT_TOKEN", "d3Jvbmc6dG9rZW4="}}}};
};

TEST_P(ErrorsWithWrongCredentials, RejectedAgentTokenIsInternalAndNotReady) {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id("u");
  grpc::ClientContext context;
  hitl::v1::StartHitlResponse response;
  Outcome outcome = Of(harness_.stub().StartHitl(&context, request, &response));
  EXPECT_EQ(outcome.code, grpc::StatusCode::INTERNAL);
  EXPECT_EQ(outcome.reason, "LIVECHAT_AUTH_FAILED");
  httplib::Client client("127.0.0.1", harness_.webhook_port());
  EXPECT_TRUE(Eventually([&] {
    auto ready = client.Get("/readyz");
    return ready && ready->status == 503 &&
           ready->body.find("LIVECHAT_AGENT_TOKEN") != std::string::npos;
  }));
}

INSTANTIATE_TEST_SUITE_P(, ErrorsWithWrongCredentials, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

#include "server/livechat/livechat_status.h"

#include "gtest/gtest.h"
#include "server/common/errors.h"

namespace hitl::livechat {
namespace {

absl::Status Api(absl::string_view type) {
  return ApiErrorStatus("send_event", wire::ApiError{.type = std::string(type)}, std::nullopt);
}

TEST(LiveChatStatus, MapsErrorTypesToCodesABotCanActOn) {
  struct Case {
    const char* type;
    absl::StatusCode code;
    absl::string_view reason;
  };
  for (const Case& c : std::vector<Case>{
           {"too_many_requests", absl::StatusCode::kResourceExhausted, reason::kLiveChatRateLimited},
           {"service_unavailable", absl::StatusCode::kUnavailable, reason::kLiveChatUnavailable},
           {"internal", absl::StatusCode::kUnavailable, reason::kLiveChatUnavailable},
           {"request_timeout", absl::StatusCode::kUnavailable, reason::kLiveChatUnavailable},
           {"chat_inactive", absl::StatusCode::kFailedPrecondition, reason::kChatInactive},
           {"validation", absl::StatusCode::kInvalidArgument, reason::kLiveChatRejected},
           {"group_not_found", absl::StatusCode::kInvalidArgument, reason::kGroupNotFound},
           {"authentication", absl::StatusCode::kInternal, reason::kLiveChatAuthFailed},
           {"authorization", absl::StatusCode::kInternal, reason::kLiveChatAuthFailed},
           {"not_found", absl::StatusCode::kFailedPrecondition, reason::kLiveChatRejected},
           {"brand_new_type", absl::StatusCode::kFailedPrecondition, reason::kLiveChatRejected},
       }) {
    absl::Status status = Api(c.type);
    EXPECT_EQ(status.code(), c.code) << c.type;
    EXPECT_EQ(ErrorReason(status), c.reason) << c.type;
    EXPECT_EQ(GetErrorMetadata(status)["action"], "send_event");
    EXPECT_EQ(LiveChatErrorType(status), c.type);
  }
}

TEST(LiveChatStatus, UsesLiveChatsDefaultMessageWhenNoneIsGiven) {
  EXPECT_NE(Api("chat_inactive").message().find("Chat is inactive"), std::string::npos);
}

TEST(LiveChatStatus, ClassifiesFailuresForRetry) {
  EXPECT_EQ(ClassifyForRetry(Api("too_many_requests")), RetryClass::kNotProcessed);
  EXPECT_EQ(ClassifyForRetry(Api("service_unavailable")), RetryClass::kNotProcessed);
  EXPECT_EQ(ClassifyForRetry(Api("internal")), RetryClass::kMaybeProcessed);
  EXPECT_EQ(ClassifyForRetry(Api("request_timeout")), RetryClass::kMaybeProcessed);
  EXPECT_EQ(ClassifyForRetry(Api("validation")), RetryClass::kNo);
  EXPECT_EQ(ClassifyForRetry(Api("authentication")), RetryClass::kNo);
  EXPECT_EQ(ClassifyForRetry(TransportStatus("x", absl::UnavailableError("refused"))),
            RetryClass::kNotProcessed);
  EXPECT_EQ(ClassifyForRetry(TransportStatus("x", absl::UnknownError("reset"))),
            RetryClass::kMaybeProcessed);
  EXPECT_EQ(ClassifyForRetry(TransportStatus("x", absl::FailedPreconditionError("tls"))),
            RetryClass::kNo);
  EXPECT_EQ(ClassifyForRetry(HttpErrorStatus("x", 502, std::nullopt)), RetryClass::kMaybeProcessed);
  EXPECT_EQ(ClassifyForRetry(HttpErrorStatus("x", 429, std::nullopt)), RetryClass::kNotProcessed);
  EXPECT_EQ(ClassifyForRetry(HttpErrorStatus("x", 404, std::nullopt)), RetryClass::kNo);
}

TEST(LiveChatStatus, AccountsOutagesAreRetriedWhateverTheirHttpStatus) {
  auto oauth = [](int http_status, const char* exception) {
    return OAuthErrorStatus("customer_token", http_status,
                            wire::OAuthError{.exception = exception, .description = ""});
  };
  EXPECT_EQ(ClassifyForRetry(oauth(400, "temporarily_unavailable")), RetryClass::kNotProcessed);
  EXPECT_EQ(ClassifyForRetry(oauth(400, "server_error")), RetryClass::kMaybeProcessed);
  EXPECT_EQ(ClassifyForRetry(oauth(503, "temporarily_unavailable")), RetryClass::kNotProcessed);
  EXPECT_EQ(ClassifyForRetry(oauth(500, "server_error")), RetryClass::kMaybeProcessed);
  EXPECT_EQ(oauth(400, "temporarily_unavailable").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ClassifyForRetry(oauth(400, "unauthorized_client")), RetryClass::kNo);
}

TEST(LiveChatStatus, KeysOnErrorTypeNotHttpStatus) {
  // A rate limit answered with an unusual status is still a rate limit.
  absl::Status status = ApiErrorStatus(
      "start_chat", wire::ApiError{.type = "too_many_requests"}, std::nullopt);
  EXPECT_EQ(ClassifyForRetry(status), RetryClass::kNotProcessed);
}

TEST(LiveChatStatus, TransportFailuresAreUnavailableNamingTheAction) {
  absl::Status status = TransportStatus("deactivate_chat", absl::UnavailableError("refused"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorMetadata(status)["action"], "deactivate_chat");
  EXPECT_NE(status.message().find("deactivate_chat"), std::string::npos);
}

TEST(RetryAfter, ParsesSecondsAndHttpDates) {
  absl::Time now = absl::FromUnixSeconds(1750000000);
  EXPECT_EQ(ParseRetryAfter("7", now), absl::Seconds(7));
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  std::string date = absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", now + absl::Seconds(30),
                                      absl::UTCTimeZone());
  EXPECT_EQ(ParseRetryAfter(date, now), absl::Seconds(30));
  absl::Status status = ApiErrorStatus("x", wire::ApiError{.type = "too_many_requests"},
                                       absl::Seconds(4));
  EXPECT_EQ(RetryAfter(status), absl::Seconds(4));
}

}  // namespace
}  // namespace hitl::livechat

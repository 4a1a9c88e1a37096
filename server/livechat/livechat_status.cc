#include "server/livechat/livechat_status.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::livechat {
namespace {

using absl::StatusCode;
namespace et = wire::error_type;

struct Mapping {
  StatusCode code;
  absl::string_view reason;
};

Mapping MapErrorType(absl::string_view type) {
  if (type == et::kAuthentication || type == et::kAuthorization ||
      type == et::kMissingAccess || type == et::kLicenseExpired ||
      type == et::kLicenseNotFound) {
    return {StatusCode::kInternal, reason::kLiveChatAuthFailed};
  }
  if (type == et::kTooManyRequests) {
    return {StatusCode::kResourceExhausted, reason::kLiveChatRateLimited};
  }
  if (type == et::kServiceUnavailable || type == et::kInternal ||
      type == et::kRequestTimeout || type == et::kMisdirectedRequest) {
    return {StatusCode::kUnavailable, reason::kLiveChatUnavailable};
  }
  if (type == et::kChatInactive) {
    return {StatusCode::kFailedPrecondition, reason::kChatInactive};
  }
  if (type == et::kValidation || type == et::kEntityTooLarge) {
    return {StatusCode::kInvalidArgument, reason::kLiveChatRejected};
  }
  if (type == et::kGroupNotFound) {
    return {StatusCode::kInvalidArgument, reason::kGroupNotFound};
  }
  if (type == et::kLimitReached) {
    return {StatusCode::kResourceExhausted, reason::kLiveChatRejected};
  }
  if (type == et::kUnsupportedVersion || type == et::kWrongProductVersion) {
    return {StatusCode::kInternal, reason::kLiveChatRejected};
  }
  // not_found, chat_anonymized, customer_banned, agent_offline, group(s)
  // offline or unavailable, already_exists and types newer than this code.
  return {StatusCode::kFailedPrecondition, reason::kLiveChatRejected};
}

ErrorMetadata BaseMetadata(absl::string_view action, absl::string_view type) {
  return {{kActionKey, std::string(action)}, {kErrorTypeKey, std::string(type)}};
}

void AddRetryAfter(ErrorMetadata& metadata, std::optional<absl::Duration> retry_after) {
  if (retry_after) {
    metadata[kRetryAfterKey] = absl::StrCat(absl::ToInt64Milliseconds(*retry_after));
  }
}

}  // namespace

absl::Status ApiErrorStatus(absl::string_view action, const wire::ApiError& error,
                            std::optional<absl::Duration> retry_after) {
  Mapping mapping = MapErrorType(error.type);
  ErrorMetadata metadata = BaseMetadata(action, error.type);
  AddRetryAfter(metadata, retry_after);
  if (error.data.is_object() && error.data.contains("region") &&
      error.data["region"].is_string()) {
    metadata[kRegionKey] = error.data["region"].get<std::string>();
  }
  std::string message = error.message.empty() ? wire::DefaultErrorMessage(error.type)
                                              : error.message;
  return MakeError(mapping.code, mapping.reason,
                   absl::StrCat("LiveChat ", action, " failed: ", error.type, ": ", message),
                   std::move(metadata));
}

absl::Status HttpErrorStatus(absl::string_view action, int http_status,
                             std::optional<absl::Duration> retry_after) {
  std::string type = absl::StrCat("http_", http_status);
  ErrorMetadata metadata = BaseMetadata(action, type);
  AddRetryAfter(metadata, retry_after);
  std::string message = absl::StrCat("LiveChat ", action,
                                     " failed: HTTP status ", http_status,
                                     " without an error body");
  if (http_status == 429) {
    return MakeError(StatusCode::kResourceExhausted, reason::kLiveChatRateLimited,
                     message, std::move(metadata));
  }
  if (http_status >= 500) {
    return MakeError(StatusCode::kUnavailable, reason::kLiveChatUnavailable, message,
                     std::move(metadata));
  }
  return MakeError(StatusCode::kInternal, reason::kLiveChatBadResponse, message,
                   std::move(metadata));
}

absl::Status OAuthErrorStatus(absl::string_view action, int http_status,
                              const wire::OAuthError& error) {
  std::string message =
      absl::StrCat("LiveChat accounts refused the customer token (", action, "): ",
                   error.exception, ": ", error.description,
                   "; check LIVECHAT_CLIENT_ID, LIVECHAT_ORGANIZATION_ID and "
                   "the app's redirect URI");
  if (http_status >= 500 || error.exception == "temporarily_unavailable" ||
      error.exception == "server_error") {
    // Typed by what the server said, not only its HTTP status, so a
    // temporarily_unavailable answered with a 4xx is retried all the same.
    std::string type = absl::StrCat("http_", http_status);
    if (error.exception == "temporarily_unavailable") type = std::string(et::kServiceUnavailable);
    if (error.exception == "server_error" && http_status < 500) type = std::string(et::kInternal);
    return MakeError(StatusCode::kUnavailable, reason::kLiveChatUnavailable, message,
                     BaseMetadata(action, type));
  }
  return MakeError(StatusCode::kInternal, reason::kLiveChatAuthFailed, message,
                   BaseMetadata(action, error.exception));
}

absl::Status TransportStatus(absl::string_view action, const absl::Status& failure) {
  absl::string_view type = pseudo_type::kConnectionLost;
  if (failure.code() == StatusCode::kUnavailable) type = pseudo_type::kConnectionFailed;
  if (failure.code() == StatusCode::kFailedPrecondition) type = pseudo_type::kTlsFailed;
  return MakeError(StatusCode::kUnavailable, reason::kLiveChatUnavailable,
                   absl::StrCat("LiveChat ", action, " failed: ", failure.message()),
                   BaseMetadata(action, type));
}

absl::Status BadResponseStatus(absl::string_view action, absl::string_view detail) {
  return MakeError(StatusCode::kInternal, reason::kLiveChatBadResponse,
                   absl::StrCat("LiveChat ", action,
                                " answered something it does not document: ", detail),
                   BaseMetadata(action, pseudo_type::kBadResponse));
}

std::optional<absl::Duration> ParseRetryAfter(absl::string_view header, absl::Time now) {
  if (header.empty()) return std::nullopt;
  int64_t seconds = 0;
  if (absl::SimpleAtoi(header, &seconds)) {
    if (seconds < 0) return std::nullopt;
    return absl::Seconds(seconds);
  }
  absl::Time when;
  std::string error;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", header, absl::UTCTimeZone(), &when,
                      &error)) {
    return std::max(absl::ZeroDuration(), when - now);
  }
  return std::nullopt;
}

std::string LiveChatErrorType(const absl::Status& status) {
  auto metadata = GetErrorMetadata(status);
  auto it = metadata.find(kErrorTypeKey);
  return it == metadata.end() ? std::string() : it->second;
}

std::optional<absl::Duration> RetryAfter(const absl::Status& status) {
  auto metadata = GetErrorMetadata(status);
  auto it = metadata.find(kRetryAfterKey);
  int64_t millis = 0;
  if (it == metadata.end() || !absl::SimpleAtoi(it->second, &millis)) return std::nullopt;
  return absl::Milliseconds(millis);
}

RetryClass ClassifyForRetry(const absl::Status& status) {
  if (status.ok()) return RetryClass::kNo;
  std::string type = LiveChatErrorType(status);
  if (type == et::kTooManyRequests || type == et::kServiceUnavailable ||
      type == pseudo_type::kConnectionFailed || type == "http_429" ||
      type == "http_503") {
    return RetryClass::kNotProcessed;
  }
  if (type == et::kInternal || type == et::kRequestTimeout ||
      type == pseudo_type::kConnectionLost || absl::StartsWith(type, "http_5")) {
    return RetryClass::kMaybeProcessed;
  }
  return RetryClass::kNo;
}

}  // namespace hitl::livechat

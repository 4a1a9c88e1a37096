// How a failed LiveChat call becomes an absl::Status: a canonical code the
// bot can act on, a stable reason, and metadata naming the LiveChat action and
// LiveChat's `error.type` (or a transport pseudo-type). The retry layer reads
// the type back to decide whether a retry is possible and safe: it keys on
// LiveChat's error type, never on the HTTP status.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/livechat/wire/api_error.h"

namespace hitl::livechat {

// Metadata keys of LiveChat failure statuses.
inline constexpr char kActionKey[] = "action";
inline constexpr char kErrorTypeKey[] = "livechat_error_type";
inline constexpr char kRetryAfterKey[] = "retry_after_ms";
inline constexpr char kRegionKey[] = "region";

// Error types for failures that carry no LiveChat error envelope.
namespace pseudo_type {
inline constexpr absl::string_view kConnectionFailed = "connection_failed";
inline constexpr absl::string_view kConnectionLost = "connection_lost";
inline constexpr absl::string_view kTlsFailed = "tls_failed";
inline constexpr absl::string_view kBadResponse = "bad_response";
}  // namespace pseudo_type

// LiveChat answered with an error envelope.
absl::Status ApiErrorStatus(absl::string_view action, const wire::ApiError& error,
                            std::optional<absl::Duration> retry_after);
// LiveChat answered a non-200 status without an envelope ("http_503").
absl::Status HttpErrorStatus(absl::string_view action, int http_status,
                             std::optional<absl::Duration> retry_after);
// The accounts service refused a token request.
absl::Status OAuthErrorStatus(absl::string_view action, int http_status,
                              const wire::OAuthError& error);
// The transport failed (see http_transport.h for its codes).
absl::Status TransportStatus(absl::string_view action, const absl::Status& failure);
// LiveChat answered 200 with a body that is not what it documents.
absl::Status BadResponseStatus(absl::string_view action, absl::string_view detail);

// Parses a Retry-After header: delay seconds or an HTTP date (relative to
// `now`). nullopt if absent or unreadable.
std::optional<absl::Duration> ParseRetryAfter(absl::string_view header, absl::Time now);

// Whether a failed call may be repeated.
enum class RetryClass {
  // Permanent: the same request fails the same way.
  kNo,
  // LiveChat refused the request before acting on it (rate limit, service
  // unavailable, no connection): any call may be repeated.
  kNotProcessed,
  // LiveChat may have acted on it (internal error, timeout, broken
  // connection): only idempotent calls may simply be repeated.
  kMaybeProcessed,
};
RetryClass ClassifyForRetry(const absl::Status& status);

// LiveChat's error type (or pseudo-type) of a failure status; "" if none.
std::string LiveChatErrorType(const absl::Status& status);
// The Retry-After LiveChat sent with the failure, if any.
std::optional<absl::Duration> RetryAfter(const absl::Status& status);

}  // namespace hitl::livechat

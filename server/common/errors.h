// Errors as values: absl::Status carrying the stable `reason` (and optional
// metadata) that reaches clients as a google.rpc.ErrorInfo (AIP-193).
//
// Thread-safe: free functions only.
#pragma once

#include <map>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>

#include "absl/status/status.h"

namespace hitl {

// The ErrorInfo domain of every error the gateway returns.
inline constexpr absl::string_view kErrorDomain = "hitl-gateway";

// Stable reasons. Clients may switch on them; never rename one.
namespace reason {
inline constexpr absl::string_view kInvalidField = "INVALID_FIELD";
// The request's bytes are not a valid message of its method.
inline constexpr absl::string_view kRequestUnreadable = "REQUEST_UNREADABLE";
inline constexpr absl::string_view kSessionNotFound = "SESSION_NOT_FOUND";
inline constexpr absl::string_view kSessionEnded = "SESSION_ENDED";
inline constexpr absl::string_view kGroupNotFound = "GROUP_NOT_FOUND";
inline constexpr absl::string_view kCursorExpired = "CURSOR_EXPIRED";
inline constexpr absl::string_view kCursorInvalid = "CURSOR_INVALID";
inline constexpr absl::string_view kSubscriberTooSlow = "SUBSCRIBER_TOO_SLOW";
inline constexpr absl::string_view kShuttingDown = "SHUTTING_DOWN";
inline constexpr absl::string_view kOverloaded = "OVERLOADED";
inline constexpr absl::string_view kLiveChatUnavailable = "LIVECHAT_UNAVAILABLE";
inline constexpr absl::string_view kLiveChatRateLimited = "LIVECHAT_RATE_LIMITED";
inline constexpr absl::string_view kLiveChatAuthFailed = "LIVECHAT_AUTH_FAILED";
inline constexpr absl::string_view kLiveChatRejected = "LIVECHAT_REJECTED";
inline constexpr absl::string_view kLiveChatBadResponse = "LIVECHAT_BAD_RESPONSE";
inline constexpr absl::string_view kChatInactive = "CHAT_INACTIVE";
inline constexpr absl::string_view kStoreFailure = "STORE_FAILURE";
// A compare-and-set lost to a concurrent write (retried inside the gateway).
inline constexpr absl::string_view kStoreConflict = "STORE_CONFLICT";
inline constexpr absl::string_view kInternal = "INTERNAL_ERROR";
}  // namespace reason

using ErrorMetadata = std::map<std::string, std::string>;

// Builds a status with `reason` and `metadata` attached for the client.
absl::Status MakeError(absl::StatusCode code, absl::string_view reason,
                       absl::string_view message, ErrorMetadata metadata = {});

// INVALID_ARGUMENT naming the offending request field.
absl::Status InvalidField(absl::string_view field, absl::string_view message);

// The reason attached by MakeError, or "" if there is none.
std::string ErrorReason(const absl::Status& status);

// The metadata attached by MakeError (empty if none).
ErrorMetadata GetErrorMetadata(const absl::Status& status);

// Returns `status` with `prefix: ` in front of its message, keeping its code,
// reason and metadata.
absl::Status Annotate(const absl::Status& status, absl::string_view prefix);

}  // namespace hitl

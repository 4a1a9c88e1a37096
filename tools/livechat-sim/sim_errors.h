// Errors of simulated LiveChat operations: an absl::Status that carries the
// LiveChat error type ("validation", "chat_inactive", ...) so handlers can
// answer LiveChat's envelope and the control API a plain HTTP status.
//
// Thread-safe: pure functions.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/api_error.h"

namespace hitl::sim {

// A failure of LiveChat error type `type`; an empty `message` means the
// type's default message.
absl::Status LiveChatError(absl::string_view type, absl::string_view message = "");

// Shorthands for the common types.
absl::Status ValidationError(absl::string_view message);
absl::Status NotFoundError(absl::string_view message);
absl::Status ChatInactiveError();

// The LiveChat error type of a failure: the one LiveChatError attached, or
// one derived from the status code (INVALID_ARGUMENT -> validation, ...).
std::string ErrorTypeOf(const absl::Status& status);

// The envelope LiveChat would answer for `status`.
livechat::wire::ApiError ToApiError(const absl::Status& status);

}  // namespace hitl::sim

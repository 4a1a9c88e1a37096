// LiveChat's error envelopes: {"error": {"type", "message", "data"}} from the
// Web APIs, {"oauth_exception", "exception_description"} from accounts.
#pragma once

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "server/livechat/wire/json_reader.h"

namespace hitl::livechat::wire {

struct ApiError {
  std::string type;
  std::string message;
  Json data;  // null when absent, e.g. {"region": "fra"} otherwise
};

Json ToJson(const ApiError& error);
// The envelope in `body`, or nullopt if `body` is not one.
std::optional<ApiError> ParseApiError(absl::string_view body);

// LiveChat's default message for an error type ("Chat is inactive").
std::string DefaultErrorMessage(absl::string_view type);

// The HTTP status the simulator answers for an error type. LiveChat does not
// document one per type; clients must key on `type`, never on this.
int HttpStatusForErrorType(absl::string_view type);

struct OAuthError {
  std::string exception;    // "unauthorized_client"
  std::string description;  // human-readable
};

Json ToJson(const OAuthError& error);
std::optional<OAuthError> ParseOAuthError(absl::string_view body);

}  // namespace hitl::livechat::wire

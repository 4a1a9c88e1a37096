// Small helpers shared by the simulator's HTTP handlers.
//
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/json_reader.h"

namespace httplib {
struct Response;
}

namespace hitl::sim {

// What a simulated LiveChat endpoint answers.
struct ApiReply {
  int status = 200;
  livechat::wire::Json body = livechat::wire::Json::object();
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error_type;  // LiveChat error type, for the call log; "" on success
};

// 200 with `body`.
ApiReply OkReply(livechat::wire::Json body);
// LiveChat's error envelope for `status` (sim_errors.h), with the HTTP
// status wire::HttpStatusForErrorType gives its type.
ApiReply ErrorReply(const absl::Status& status);

// Serializes without throwing: invalid UTF-8 becomes U+FFFD.
std::string DumpJson(const livechat::wire::Json& json);

void WriteReply(const ApiReply& reply, httplib::Response& response);
// For the control API: `body` with `status`.
void WriteJson(int status, const livechat::wire::Json& body, httplib::Response& response);

// The request body as JSON; an empty body reads as {}. INVALID_ARGUMENT
// when it is not JSON.
absl::StatusOr<livechat::wire::Json> ParseBody(const std::string& body);

// The credential of an Authorization header with the given scheme
// ("Basic", "Bearer"; case-insensitive); nullopt if the header has another.
std::optional<std::string> Credential(absl::string_view header, absl::string_view scheme);

}  // namespace hitl::sim

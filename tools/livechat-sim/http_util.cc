#include "tools/livechat-sim/http_util.h"

#include <httplib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {

namespace wire = livechat::wire;

ApiReply OkReply(wire::Json body) {
  ApiReply reply;
  reply.body = std::move(body);
  return reply;
}

ApiReply ErrorReply(const absl::Status& status) {
  wire::ApiError error = ToApiError(status);
  ApiReply reply;
  reply.status = wire::HttpStatusForErrorType(error.type);
  reply.body = wire::ToJson(error);
  reply.error_type = error.type;
  return reply;
}

std::string DumpJson(const wire::Json& json) {
  return json.dump(-1, ' ', false, wire::Json::error_handler_t::replace);
}

void WriteReply(const ApiReply& reply, httplib::Response& response) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  response.set_content(DumpJson(reply.body), "application/json");
}

void WriteJson(int status, const wire::Json& body, httplib::Response& response) {
  response.status = status;
  response.set_content(DumpJson(body), "application/json");
}

absl::StatusOr<wire::Json> ParseBody(const std::string& body) {
  if (absl::StripAsciiWhitespace(body).empty()) return wire::Json::object();
  return wire::ParseJson(body);
}

std::optional<std::string> Credential(absl::string_view header, absl::string_view scheme) {
  header = absl::StripAsciiWhitespace(header);
  if (header.size() <= scheme.size() || !absl::StartsWithIgnoreCase(header, scheme) ||
      header[scheme.size()] != ' ') {
    return std::nullopt;
  }
  return std::string(absl::StripAsciiWhitespace(header.substr(scheme.size() + 1)));
}

}  // namespace hitl::sim

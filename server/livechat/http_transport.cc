#include "server/livechat/http_transport.h"

#include "absl/strings/match.h"

namespace hitl::livechat {

std::vector<std::string> HttpResponse::HeaderValues(absl::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) values.push_back(value);
  }
  return values;
}

std::string HttpResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

}  // namespace hitl::livechat

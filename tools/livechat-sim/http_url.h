// Splits an http(s) URL into what httplib::Client wants: the
// "scheme://host:port" part and the path (with query).
//
// Thread-safe: pure functions.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hitl::sim {

struct HttpUrl {
  std::string origin;  // "http://127.0.0.1:8080"
  std::string path;    // "/livechat/webhook?x=1"; "/" when the URL has none
};

// INVALID_ARGUMENT unless `url` is http:// or https:// with a host.
absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view url);

}  // namespace hitl::sim

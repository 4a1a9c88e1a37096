// One HTTP POST to LiveChat: the only contact of the adapter with the network,
// so tests can swap in a fake or a fault-injecting transport.
//
// Failure convention (the retry layer depends on it):
//   UNAVAILABLE        the connection was never established: the request did
//                      not leave this process, a retry cannot duplicate it;
//   UNKNOWN            the connection broke or timed out after the request may
//                      have been sent: LiveChat may have acted on it;
//   FAILED_PRECONDITION TLS setup or certificate verification failed: a
//                      configuration problem, not worth retrying.
// Any HTTP answer, whatever its status, is a successful Post.
//
// Implementations are thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hitl::livechat {

struct HttpRequest {
  std::string base_url;  // "https://api.livechatinc.com"
  std::string path;      // with the query string, if any
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  // Every value of header `name` (case-insensitive), in order.
  std::vector<std::string> HeaderValues(absl::string_view name) const;
  // The first value of header `name`, or "".
  std::string Header(absl::string_view name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends `request`. `timeout` bounds connecting and each read or write (not
  // the whole exchange: a peer trickling bytes can take longer).
  virtual absl::StatusOr<HttpResponse> Post(const HttpRequest& request,
                                            absl::Duration timeout) = 0;
};

}  // namespace hitl::livechat

// An HttpTransport that answers from a script and records every request, so
// adapter tests check exactly what goes over the wire without a network.
#pragma once

#include <deque>
#include <string>
#include <variant>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/livechat/http_transport.h"

namespace hitl::testing {

class FakeTransport final : public livechat::HttpTransport {
 public:
  using Outcome = std::variant<livechat::HttpResponse, absl::Status>;

  // The next request whose path contains `path_part` gets `outcome`
  // (scripts for the same part are used in order).
  void Script(std::string path_part, Outcome outcome);
  // Shorthands.
  void Ok(std::string path_part, std::string body,
          std::vector<std::pair<std::string, std::string>> headers = {});
  void Error(std::string path_part, int status, std::string type,
             std::string message = "", std::string retry_after = "");

  // Every request received, in order.
  std::vector<livechat::HttpRequest> requests();
  // How many requests had `path_part` in their path.
  int Count(const std::string& path_part);

  absl::StatusOr<livechat::HttpResponse> Post(const livechat::HttpRequest& request,
                                              absl::Duration timeout) override;

 private:
  absl::Mutex mu_;
  std::deque<std::pair<std::string, Outcome>> script_ ABSL_GUARDED_BY(mu_);
  std::vector<livechat::HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::testing

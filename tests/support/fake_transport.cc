#include "tests/support/fake_transport.h"

#include "absl/strings/match.h"
#include "nlohmann/json.hpp"

namespace hitl::testing {

void FakeTransport::Script(std::string path_part, Outcome outcome) {
  absl::MutexLock lock(&mu_);
  script_.emplace_back(std::move(path_part), std::move(outcome));
}

void FakeTransport::Ok(std::string path_part, std::string body,
                       std::vector<std::pair<std::string, std::string>> headers) {
  livechat::HttpResponse response;
  response.status = 200;
  response.body = std::move(body);
  response.headers = std::move(headers);
  Script(std::move(path_part), response);
}

void FakeTransport::Error(std::string path_part, int status, std::string type,
                          std::string message, std::string retry_after) {
  livechat::HttpResponse response;
  response.status = status;
  response.body = nlohmann::json{{"error", {{"type", type}, {"message", message}}}}.dump();
  if (!retry_after.empty()) response.headers.emplace_back("Retry-After", retry_after);
  Script(std::move(path_part), response);
}

std::vector<livechat::HttpRequest> FakeTransport::requests() {
  absl::MutexLock lock(&mu_);
  return requests_;
}

int FakeTransport::Count(const std::string& path_part) {
  absl::MutexLock lock(&mu_);
  int count = 0;
  for (const auto& request : requests_) count += absl::StrContains(request.path, path_part);
  return count;
}

absl::StatusOr<livechat::HttpResponse> FakeTransport::Post(
    const livechat::HttpRequest& request, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  requests_.push_back(request);
  for (auto it = script_.begin(); it != script_.end(); ++it) {
    if (absl::StrContains(request.path, it->first)) {
      Outcome outcome = std::move(it->second);
      script_.erase(it);
      if (auto* status = std::get_if<absl::Status>(&outcome)) return *status;
      return std::get<livechat::HttpResponse>(outcome);
    }
  }
  livechat::HttpResponse unscripted;
  unscripted.status = 418;
  unscripted.body = "unscripted request to " + request.path;
  return unscripted;
}

}  // namespace hitl::testing

// Serves LiveChat's paths: /v<version>/{agent,customer,configuration}/
// action/<action> and the accounts service's /v2/customer/token. For each
// call, in order: armed faults (faults.h), the API version, authentication
// (agent token; organization_id and customer token), the JSON body, the
// action's handler; then the call is logged (call_log.h) and answered in
// LiveChat's error envelope on failure.
//
// Thread-safe.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "tools/livechat-sim/http_util.h"
#include "tools/livechat-sim/sim_context.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace hitl::sim {

// API names, as in fault specs and the call log.
namespace api_name {
inline constexpr absl::string_view kAgent = "agent";
inline constexpr absl::string_view kCustomer = "customer";
inline constexpr absl::string_view kConfiguration = "configuration";
inline constexpr absl::string_view kAccounts = "accounts";
}  // namespace api_name

class ApiRouter {
 public:
  explicit ApiRouter(SimContext& ctx) : ctx_(ctx) {}

  void Register(httplib::Server& server);

 private:
  void Serve(absl::string_view api, const std::string& version, const std::string& action,
             const httplib::Request& request, httplib::Response& response);
  // Version, authentication, body and handler: the answer without faults.
  ApiReply Process(absl::string_view api, const std::string& version, const std::string& action,
                   const httplib::Request& request);
  absl::Status AuthenticateAgent(const httplib::Request& request) const;
  absl::StatusOr<std::string> AuthenticateCustomer(const httplib::Request& request) const;

  SimContext& ctx_;
};

}  // namespace hitl::sim

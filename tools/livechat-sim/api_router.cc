#include "tools/livechat-sim/api_router.h"

#include <httplib.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/common/log.h"
#include "server/common/secrets.h"
#include "server/livechat/wire/api_error.h"
#include "server/livechat/wire/protocol.h"
#include "tools/livechat-sim/accounts_api.h"
#include "tools/livechat-sim/agent_api.h"
#include "tools/livechat-sim/configuration_api.h"
#include "tools/livechat-sim/customer_api.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
namespace error_type = wire::error_type;

// What an armed fault answers: LiveChat's envelope, or the accounts
// service's OAuth error for the token endpoint.
ApiReply FaultReply(absl::string_view api, const Fault& fault) {
  const int status = wire::HttpStatusForErrorType(fault.error_type);
  ApiReply reply;
  if (api == api_name::kAccounts) {
    absl::string_view exception = fault.error_type;
    if (fault.error_type == error_type::kInternal) exception = "server_error";
    if (fault.error_type == error_type::kServiceUnavailable ||
        fault.error_type == error_type::kTooManyRequests) {
      exception = "temporarily_unavailable";
    }
    reply = OAuthErrorReply(status, exception,
                            fault.message.empty() ? "injected fault" : fault.message);
  } else {
    reply = ErrorReply(LiveChatError(fault.error_type, fault.message));
  }
  if (fault.retry_after_seconds) {
    reply.headers.emplace_back("Retry-After", absl::StrCat(*fault.retry_after_seconds));
  }
  return reply;
}

}  // namespace

void ApiRouter::Register(httplib::Server& server) {
  server.Post(R"(/v([^/]+)/(agent|customer|configuration)/action/([^/]+))",
              [this](const httplib::Request& request, httplib::Response& response) {
                Serve(request.matches[2].str(), request.matches[1].str(), request.matches[3].str(),
                      request, response);
              });
  server.Post(std::string(wire::kCustomerTokenPath), [this](const httplib::Request& request,
                                                            httplib::Response& response) {
    Serve(api_name::kAccounts, "", std::string(wire::action::kCustomerToken), request, response);
  });
}

void ApiRouter::Serve(absl::string_view api, const std::string& version, const std::string& action,
                      const httplib::Request& request, httplib::Response& response) {
  std::optional<Fault> fault = ctx_.faults.Take(api, action);
  const bool fails = fault && !fault->error_type.empty();
  ApiReply reply;
  if (fails && fault->mode == FaultMode::kBefore) {
    reply = FaultReply(api, *fault);
  } else {
    reply = Process(api, version, action, request);
    // The call took effect; its answer is what gets lost.
    if (fails) reply = FaultReply(api, *fault);
  }
  if (fault && fault->latency > absl::ZeroDuration()) absl::SleepFor(fault->latency);
  if (fault) {
    log::Info("fault applied api={} action={} status={}", api, action, reply.status);
  }
  ctx_.calls.Add({.api = std::string(api),
                  .action = action,
                  .status = reply.status,
                  .error_type = reply.error_type});
  WriteReply(reply, response);
}

ApiReply ApiRouter::Process(absl::string_view api, const std::string& version,
                            const std::string& action, const httplib::Request& request) {
  if (api == api_name::kAccounts) {
    return HandleCustomerToken(ctx_, request.body, request.get_header_value("Cookie"));
  }
  if (version != ctx_.options.api_version) {
    return ErrorReply(
        LiveChatError(error_type::kUnsupportedVersion,
                      absl::StrCat("Cannot call unsupported API versions. The simulator serves v",
                                   ctx_.options.api_version, ", not v", version, ".")));
  }
  std::string customer_id;
  if (api == api_name::kCustomer) {
    auto authenticated = AuthenticateCustomer(request);
    if (!authenticated.ok()) return ErrorReply(authenticated.status());
    customer_id = *std::move(authenticated);
  } else if (absl::Status s = AuthenticateAgent(request); !s.ok()) {
    return ErrorReply(s);
  }
  auto body = ParseBody(request.body);
  if (!body.ok()) return ErrorReply(ValidationError(body.status().message()));
  absl::StatusOr<wire::Json> result;
  if (api == api_name::kAgent) {
    result = HandleAgentAction(ctx_, action, *body);
  } else if (api == api_name::kCustomer) {
    result = HandleCustomerAction(ctx_, customer_id, action, *body);
  } else {
    result = HandleConfigurationAction(ctx_, action, *body);
  }
  if (!result.ok()) {
    log::Debug("api={} action={} failed type={}", api, action, ErrorTypeOf(result.status()));
    return ErrorReply(result.status());
  }
  return OkReply(*std::move(result));
}

absl::Status ApiRouter::AuthenticateAgent(const httplib::Request& request) const {
  const std::string header = request.get_header_value("Authorization");
  std::optional<std::string> token = Credential(header, "Basic");
  if (!token) token = Credential(header, "Bearer");
  if (!token) {
    return LiveChatError(error_type::kAuthentication,
                         "Authentication error: expected 'Authorization: Basic <token>' or "
                         "'Bearer <token>'");
  }
  if (!ConstantTimeEquals(*token, ctx_.options.agent_token)) {
    return LiveChatError(error_type::kAuthentication, "Invalid access token");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ApiRouter::AuthenticateCustomer(const httplib::Request& request) const {
  if (!request.has_param("organization_id")) {
    return ValidationError("organization_id: required query parameter is missing");
  }
  if (request.get_param_value("organization_id") != ctx_.options.organization_id) {
    return ValidationError("organization_id: unknown organization");
  }
  std::optional<std::string> token =
      Credential(request.get_header_value("Authorization"), "Bearer");
  if (!token) return LiveChatError(error_type::kAuthentication, "Invalid access token");
  return ctx_.state.AuthenticateCustomer(*token);
}

}  // namespace hitl::sim

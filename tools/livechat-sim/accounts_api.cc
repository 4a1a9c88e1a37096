#include "tools/livechat-sim/accounts_api.h"

#include "absl/strings/str_cat.h"
#include "server/common/log.h"
#include "server/livechat/wire/accounts.h"
#include "server/livechat/wire/api_error.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::sim {

namespace wire = livechat::wire;

ApiReply OAuthErrorReply(int status, absl::string_view exception, absl::string_view description) {
  ApiReply reply;
  reply.status = status;
  reply.body = wire::ToJson(wire::OAuthError{.exception = std::string(exception),
                                             .description = std::string(description)});
  reply.error_type = std::string(exception);
  return reply;
}

ApiReply HandleCustomerToken(SimContext& ctx, const std::string& body,
                             const std::string& cookie_header) {
  constexpr int kUnauthorized = 401;
  auto json = wire::ParseJson(body);
  if (!json.ok()) {
    return OAuthErrorReply(kUnauthorized, "invalid_request", "body is not valid JSON");
  }
  auto request = wire::ParseCustomerTokenRequest(*json);
  if (!request.ok()) {
    return OAuthErrorReply(kUnauthorized, "invalid_request", request.status().message());
  }
  if (request->grant_type != wire::kCookieGrant) {
    return OAuthErrorReply(kUnauthorized, "unsupported_grant_type",
                           absl::StrCat("grant_type '", request->grant_type,
                                        "' is not supported by the simulator (use \"cookie\")"));
  }
  if (request->client_id != ctx.options.client_id) {
    return OAuthErrorReply(kUnauthorized, "unauthorized_client",
                           "The client is not authorized to request a token using this method.");
  }
  if (request->organization_id.empty()) {
    return OAuthErrorReply(kUnauthorized, "invalid_request",
                           "organization_id: required for grant_type cookie");
  }
  if (request->organization_id != ctx.options.organization_id) {
    return OAuthErrorReply(kUnauthorized, "invalid_request",
                           "organization_id: unknown organization");
  }
  if (!request->response_type.empty() && request->response_type != "token") {
    return OAuthErrorReply(kUnauthorized, "invalid_request", "response_type: expected \"token\"");
  }
  IssuedToken token = ctx.state.IssueCustomerToken(wire::ParseCookieHeader(cookie_header));
  wire::CustomerTokenResponse response{.access_token = token.access_token,
                                       .entity_id = token.customer_id,
                                       .expires_in = absl::ToInt64Seconds(token.expires_in),
                                       .token_type = "Bearer",
                                       .organization_id = ctx.options.organization_id};
  ApiReply reply;
  reply.body = wire::ToJson(response);
  reply.headers.emplace_back("Set-Cookie",
                             wire::SetCookieValue(wire::kCustomerIdCookie, token.customer_id));
  reply.headers.emplace_back(
      "Set-Cookie", wire::SetCookieValue(wire::kCustomerSecretCookie, token.cookie_secret));
  log::Debug("customer_token issued customer={}", token.customer_id);
  return reply;
}

}  // namespace hitl::sim

#include "server/livechat/livechat_api.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/livechat/livechat_status.h"
#include "server/livechat/wire/api_error.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::livechat {
namespace {

// Percent-encodes a query parameter value (RFC 3986 unreserved kept).
std::string QueryEscape(absl::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "%", absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    }
  }
  return out;
}

}  // namespace

LiveChatApi::LiveChatApi(LiveChatOptions options, HttpTransport& transport, Clock& clock)
    : options_(std::move(options)), transport_(transport), clock_(clock) {}

void LiveChatApi::SetRegion(std::string region) {
  absl::MutexLock lock(&mu_);
  region_ = std::move(region);
}

absl::StatusOr<wire::Json> LiveChatApi::Exchange(absl::string_view action,
                                                 HttpRequest request,
                                                 HttpResponse* raw) {
  absl::StatusOr<HttpResponse> response = transport_.Post(request, options_.call_timeout);
  if (!response.ok()) return TransportStatus(action, response.status());
  if (raw != nullptr) *raw = *response;
  if (response->status == 200) {
    if (absl::StripAsciiWhitespace(response->body).empty()) return wire::Json::object();
    absl::StatusOr<wire::Json> body = wire::ParseJson(response->body);
    // "body is not valid JSON", or which bound it broke (too deep, too big).
    if (!body.ok()) return BadResponseStatus(action, body.status().message());
    return body;
  }
  auto retry_after = ParseRetryAfter(response->Header("Retry-After"), clock_.Now());
  if (auto error = wire::ParseApiError(response->body)) {
    return ApiErrorStatus(action, *error, retry_after);
  }
  if (auto oauth = wire::ParseOAuthError(response->body)) {
    return OAuthErrorStatus(action, response->status, *oauth);
  }
  return HttpErrorStatus(action, response->status, retry_after);
}

absl::StatusOr<wire::Json> LiveChatApi::Call(Api api, absl::string_view action,
                                             absl::string_view customer_token,
                                             const wire::Json& body) {
  HttpRequest request;
  request.base_url = options_.api_url;
  request.body = body.dump();
  switch (api) {
    case Api::kAgent:
      request.path = wire::AgentActionPath(options_.api_version, action);
      break;
    case Api::kConfiguration:
      request.path = wire::ConfigurationActionPath(options_.api_version, action);
      break;
    case Api::kCustomer:
      request.path = absl::StrCat(wire::CustomerActionPath(options_.api_version, action),
                                  "?organization_id=", QueryEscape(options_.organization_id));
      break;
  }
  if (api == Api::kCustomer) {
    request.headers.emplace_back("Authorization", absl::StrCat("Bearer ", customer_token));
  } else {
    const char* scheme =
        options_.agent_auth_scheme == AgentAuthScheme::kBasic ? "Basic " : "Bearer ";
    request.headers.emplace_back("Authorization", absl::StrCat(scheme, options_.agent_token));
  }
  {
    absl::MutexLock lock(&mu_);
    if (!region_.empty()) request.headers.emplace_back("X-Region", region_);
  }
  return Exchange(action, std::move(request));
}

absl::StatusOr<CustomerTokenGrant> LiveChatApi::CustomerToken(
    const wire::CustomerCookies& cookies) {
  const absl::string_view action = wire::action::kCustomerToken;
  wire::CustomerTokenRequest body{.grant_type = std::string(wire::kCookieGrant),
                                  .client_id = options_.client_id,
                                  .organization_id = options_.organization_id,
                                  .response_type = "token",
                                  .redirect_uri = options_.redirect_uri};
  HttpRequest request;
  request.base_url = options_.accounts_url;
  request.path = std::string(wire::kCustomerTokenPath);
  request.body = wire::ToJson(body).dump();
  if (cookies.complete()) request.headers.emplace_back("Cookie", wire::CookieHeader(cookies));
  HttpResponse raw;
  absl::StatusOr<wire::Json> json = Exchange(action, std::move(request), &raw);
  if (!json.ok()) return json.status();
  absl::StatusOr<wire::CustomerTokenResponse> token = wire::ParseCustomerTokenResponse(*json);
  if (!token.ok()) return BadResponseStatus(action, token.status().message());
  CustomerTokenGrant grant{.token = *std::move(token), .cookies = cookies};
  wire::ApplySetCookies(raw.HeaderValues("Set-Cookie"), grant.cookies);
  if (grant.cookies.customer_id.empty()) grant.cookies.customer_id = grant.token.entity_id;
  if (!grant.cookies.complete()) {
    return BadResponseStatus(action, "no __lc_cst cookie: the customer could not be "
                                     "kept across token renewals");
  }
  return grant;
}

absl::Status LiveChatApi::UpdateCustomer(absl::string_view access_token,
                                         const wire::UpdateCustomerRequest& request) {
  return Call(Api::kCustomer, wire::action::kUpdateCustomer, access_token,
              wire::ToJson(request))
      .status();
}

absl::StatusOr<wire::SendEventResponse> LiveChatApi::SendCustomerEvent(
    absl::string_view access_token, const wire::SendEventRequest& request) {
  auto json = Call(Api::kCustomer, wire::action::kSendEvent, access_token,
                   wire::ToJson(request));
  if (!json.ok()) return json.status();
  auto response = wire::ParseSendEventResponse(*json);
  if (!response.ok()) return BadResponseStatus(wire::action::kSendEvent, response.status().message());
  return response;
}

absl::StatusOr<std::vector<std::string>> LiveChatApi::ListCustomerChats(
    absl::string_view access_token) {
  const absl::string_view action = wire::action::kListChats;
  auto json = Call(Api::kCustomer, action, access_token, wire::Json{{"limit", 25}});
  if (!json.ok()) return json.status();
  wire::FieldReader fields(*json, "");
  std::vector<std::string> ids;
  if (const wire::Json* chats = fields.Array("chats_summary", true)) {
    for (const wire::Json& chat : *chats) {
      wire::FieldReader chat_fields(chat, "chats_summary[]");
      ids.push_back(chat_fields.RequiredString("id"));
      fields.Merge(chat_fields.status());
    }
  }
  if (!fields.ok()) return BadResponseStatus(action, fields.status().message());
  return ids;
}

absl::StatusOr<wire::StartChatResponse> LiveChatApi::StartChat(
    const wire::StartChatRequest& request) {
  auto json = Call(Api::kAgent, wire::action::kStartChat, "", wire::ToJson(request));
  if (!json.ok()) return json.status();
  auto response = wire::ParseStartChatResponse(*json);
  if (!response.ok()) return BadResponseStatus(wire::action::kStartChat, response.status().message());
  return response;
}

absl::Status LiveChatApi::TransferChat(const wire::TransferChatRequest& request) {
  return Call(Api::kAgent, wire::action::kTransferChat, "", wire::ToJson(request)).status();
}

absl::Status LiveChatApi::DeactivateChat(const wire::DeactivateChatRequest& request) {
  return Call(Api::kAgent, wire::action::kDeactivateChat, "", wire::ToJson(request)).status();
}

absl::StatusOr<wire::Chat> LiveChatApi::GetChat(const wire::GetChatRequest& request) {
  auto json = Call(Api::kAgent, wire::action::kGetChat, "", wire::ToJson(request));
  if (!json.ok()) return json.status();
  auto chat = wire::ParseChat(*json);
  if (!chat.ok()) return BadResponseStatus(wire::action::kGetChat, chat.status().message());
  return chat;
}

absl::StatusOr<std::vector<wire::Group>> LiveChatApi::ListGroups() {
  auto json = Call(Api::kConfiguration, wire::action::kListGroups, "",
                   wire::Json{{"fields", {"agent_priorities", "routing_status"}}});
  if (!json.ok()) return json.status();
  auto groups = wire::ParseGroups(*json);
  if (!groups.ok()) return BadResponseStatus(wire::action::kListGroups, groups.status().message());
  return groups;
}

}  // namespace hitl::livechat

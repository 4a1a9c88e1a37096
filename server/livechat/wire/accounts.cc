#include "server/livechat/wire/accounts.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::livechat::wire {
namespace {

// Splits "name=value" (surrounding blanks removed); false if there is no '='.
bool SplitPair(absl::string_view text, absl::string_view& name,
               absl::string_view& value) {
  size_t eq = text.find('=');
  if (eq == absl::string_view::npos) return false;
  name = absl::StripAsciiWhitespace(text.substr(0, eq));
  value = absl::StripAsciiWhitespace(text.substr(eq + 1));
  return true;
}

void Assign(absl::string_view name, absl::string_view value, CustomerCookies& cookies) {
  if (value.empty()) return;
  if (name == kCustomerIdCookie) cookies.customer_id = std::string(value);
  if (name == kCustomerSecretCookie) cookies.secret = std::string(value);
}

}  // namespace

Json ToJson(const CustomerTokenRequest& request) {
  Json out = {{"grant_type", request.grant_type},
              {"client_id", request.client_id},
              {"organization_id", request.organization_id},
              {"response_type", request.response_type}};
  if (!request.redirect_uri.empty()) out["redirect_uri"] = request.redirect_uri;
  return out;
}

absl::StatusOr<CustomerTokenRequest> ParseCustomerTokenRequest(const Json& json) {
  FieldReader fields(json, "");
  CustomerTokenRequest request;
  request.grant_type = fields.RequiredString("grant_type");
  request.client_id = fields.RequiredString("client_id");
  request.organization_id = fields.OptionalString("organization_id").value_or("");
  request.response_type = fields.OptionalString("response_type").value_or("");
  request.redirect_uri = fields.OptionalString("redirect_uri").value_or("");
  if (!fields.ok()) return fields.status();
  return request;
}

Json ToJson(const CustomerTokenResponse& response) {
  return Json{{"access_token", response.access_token},
              {"entity_id", response.entity_id},
              {"expires_in", response.expires_in},
              {"token_type", response.token_type},
              {"organization_id", response.organization_id}};
}

absl::StatusOr<CustomerTokenResponse> ParseCustomerTokenResponse(const Json& json) {
  FieldReader fields(json, "");
  CustomerTokenResponse response;
  response.access_token = fields.RequiredString("access_token");
  response.entity_id = fields.RequiredString("entity_id");
  response.expires_in = fields.RequiredInt("expires_in");
  response.token_type = fields.OptionalString("token_type").value_or("Bearer");
  response.organization_id = fields.OptionalString("organization_id").value_or("");
  if (fields.ok() && response.expires_in <= 0) {
    fields.Fail("expires_in", "must be positive");
  }
  if (!fields.ok()) return fields.status();
  return response;
}

void ApplySetCookies(const std::vector<std::string>& set_cookie_values,
                     CustomerCookies& cookies) {
  for (const std::string& header : set_cookie_values) {
    // Only the first "name=value" is the cookie; the rest are attributes.
    absl::string_view first = header;
    first = first.substr(0, first.find(';'));
    absl::string_view name, value;
    if (SplitPair(first, name, value)) Assign(name, value, cookies);
  }
}

std::string CookieHeader(const CustomerCookies& cookies) {
  return absl::StrCat(kCustomerIdCookie, "=", cookies.customer_id, "; ",
                      kCustomerSecretCookie, "=", cookies.secret);
}

CustomerCookies ParseCookieHeader(absl::string_view header) {
  CustomerCookies cookies;
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    absl::string_view name, value;
    if (SplitPair(part, name, value)) Assign(name, value, cookies);
  }
  return cookies;
}

std::string SetCookieValue(absl::string_view name, absl::string_view value) {
  return absl::StrCat(name, "=", value,
                      "; Path=/v2/customer; Max-Age=63072000; HttpOnly; Secure; "
                      "SameSite=None");
}

}  // namespace hitl::livechat::wire

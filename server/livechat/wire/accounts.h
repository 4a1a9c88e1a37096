// The accounts service's customer token endpoint (cookie grant) and the
// __lc_cid/__lc_cst cookies that make a later grant return the same customer.
// Cookie values are secrets: never log them.
#pragma once

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::livechat::wire {

inline constexpr absl::string_view kCookieGrant = "cookie";

struct CustomerTokenRequest {
  std::string grant_type;       // "cookie"
  std::string client_id;
  std::string organization_id;
  std::string response_type;    // "token"
  std::string redirect_uri;     // omitted when empty
};
Json ToJson(const CustomerTokenRequest& request);
absl::StatusOr<CustomerTokenRequest> ParseCustomerTokenRequest(const Json& json);

struct CustomerTokenResponse {
  std::string access_token;
  std::string entity_id;        // the customer id
  int64_t expires_in = 0;       // seconds
  std::string token_type;       // "Bearer"
  std::string organization_id;
};
Json ToJson(const CustomerTokenResponse& response);
absl::StatusOr<CustomerTokenResponse> ParseCustomerTokenResponse(const Json& json);

// The identity cookies of one customer.
struct CustomerCookies {
  std::string customer_id;  // __lc_cid
  std::string secret;       // __lc_cst
  bool complete() const { return !customer_id.empty() && !secret.empty(); }
};

// Updates `cookies` from the values of the response's Set-Cookie headers;
// cookies not among them keep their value (a rotated __lc_cst replaces the
// old one).
void ApplySetCookies(const std::vector<std::string>& set_cookie_values,
                     CustomerCookies& cookies);

// "__lc_cid=<id>; __lc_cst=<secret>" for the Cookie request header.
std::string CookieHeader(const CustomerCookies& cookies);

// Reads both cookies out of a Cookie request header (other cookies ignored).
CustomerCookies ParseCookieHeader(absl::string_view header);

// A Set-Cookie value as the accounts service sends it.
std::string SetCookieValue(absl::string_view name, absl::string_view value);

}  // namespace hitl::livechat::wire

// The accounts service's POST /v2/customer/token, cookie grant only: with
// valid __lc_cid/__lc_cst cookies a new token for that customer, otherwise a
// new customer; both cookies are (re)set on every answer. Failures answer
// HTTP 401 {"oauth_exception", "exception_description"} like the real one.
// Tokens and cookies are never logged.
//
// Thread-safe.
#pragma once

#include <string>

#include "tools/livechat-sim/http_util.h"
#include "tools/livechat-sim/sim_context.h"

namespace hitl::sim {

// `cookie_header` is the request's Cookie header ("" if none).
ApiReply HandleCustomerToken(SimContext& ctx, const std::string& body,
                             const std::string& cookie_header);

// An accounts-style error reply; `error_type` goes to the call log.
ApiReply OAuthErrorReply(int status, absl::string_view exception, absl::string_view description);

}  // namespace hitl::sim

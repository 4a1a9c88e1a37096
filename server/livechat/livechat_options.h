// Everything the LiveChat adapter needs to know: where LiveChat is, who we
// are to it, and how patient to be. Secrets here are never logged.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "server/livechat/retry_loop.h"

namespace hitl::livechat {

enum class AgentAuthScheme {
  kBasic,   // "Basic <base64 account_id:PAT>" as the Developer Console shows it
  kBearer,  // "Bearer <OAuth access token>"
};

struct LiveChatOptions {
  std::string api_url = "https://api.livechatinc.com";
  std::string accounts_url = "https://accounts.livechat.com";
  std::string api_version = "3.5";
  std::string client_id;
  std::string organization_id;
  std::string agent_token;  // secret
  AgentAuthScheme agent_auth_scheme = AgentAuthScheme::kBasic;
  // redirect_uri of the cookie grant; omitted when empty.
  std::string redirect_uri;
  // Limit for one HTTP exchange.
  absl::Duration call_timeout = absl::Seconds(15);
  RetryOptions retry;
};

}  // namespace hitl::livechat

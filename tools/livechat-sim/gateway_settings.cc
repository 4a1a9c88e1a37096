#include "tools/livechat-sim/gateway_settings.h"

#include "absl/strings/str_cat.h"

namespace hitl::sim {

std::map<std::string, std::string> GatewaySettingsFor(const SimulatorOptions& options, int port,
                                                      int64_t group_id) {
  const std::string url = absl::StrCat("http://127.0.0.1:", port);
  return {{"LIVECHAT_CLIENT_ID", options.client_id},
          {"LIVECHAT_ORGANIZATION_ID", options.organization_id},
          {"LIVECHAT_AGENT_TOKEN", options.agent_token},
          {"LIVECHAT_WEBHOOK_SECRET", options.webhook_secret},
          {"LIVECHAT_GROUP_ID", absl::StrCat(group_id)},
          {"LIVECHAT_API_URL", url},
          {"LIVECHAT_ACCOUNTS_URL", url},
          {"LIVECHAT_API_VERSION", options.api_version}};
}

}  // namespace hitl::sim

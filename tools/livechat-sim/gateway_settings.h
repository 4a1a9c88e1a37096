// The hitl-gateway settings (as environment variables) that make a gateway
// talk to a running simulator: its URL, organization, client id, agent token
// and webhook secret. Used by tests and the benchmark; the demo script spells
// the same values out for a shell.
#pragma once

#include <map>
#include <string>

#include "tools/livechat-sim/sim_options.h"

namespace hitl::sim {

// Settings for a gateway routing to `group_id` of the simulator serving
// `options` on `port`.
std::map<std::string, std::string> GatewaySettingsFor(const SimulatorOptions& options, int port,
                                                      int64_t group_id);

}  // namespace hitl::sim

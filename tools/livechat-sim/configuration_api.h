// The Configuration API v3.5 actions the simulator serves: list_groups (a
// top-level JSON array; agent_priorities and routing_status only when asked
// for in `fields`). Unknown actions are not_found.
//
// Thread-safe.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/json_reader.h"
#include "tools/livechat-sim/sim_context.h"

namespace hitl::sim {

absl::StatusOr<livechat::wire::Json> HandleConfigurationAction(SimContext& ctx,
                                                               absl::string_view action,
                                                               const livechat::wire::Json& body);

}  // namespace hitl::sim

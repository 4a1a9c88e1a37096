// The Agent Chat API v3.5 actions the simulator serves, acting as the
// requester agent (the owner of the agent token): start_chat,
// transfer_chat, deactivate_chat, send_event, add_user_to_chat, get_chat,
// list_chats. Requests are read with the shared wire parsers; a bad field is
// a validation error naming it. Unknown actions are not_found.
//
// Thread-safe.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/json_reader.h"
#include "tools/livechat-sim/sim_context.h"

namespace hitl::sim {

absl::StatusOr<livechat::wire::Json> HandleAgentAction(SimContext& ctx, absl::string_view action,
                                                       const livechat::wire::Json& body);

}  // namespace hitl::sim

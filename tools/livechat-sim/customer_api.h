// The Customer Chat API v3.5 actions the simulator serves, as the customer
// whose token authenticated the call: send_event, update_customer,
// get_customer, list_chats, deactivate_chat, get_chat. Unknown actions are
// not_found.
//
// Thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/json_reader.h"
#include "tools/livechat-sim/sim_context.h"

namespace hitl::sim {

absl::StatusOr<livechat::wire::Json> HandleCustomerAction(SimContext& ctx,
                                                          const std::string& customer_id,
                                                          absl::string_view action,
                                                          const livechat::wire::Json& body);

}  // namespace hitl::sim

// The webhook the benchmark posts: LiveChat's incoming_event envelope for a
// message of agent jane in a session's chat, signed with the simulator's
// webhook secret, as livechat-sim would send it.
#pragma once

#include <string>

#include "hitl/v1/hitl.pb.h"
#include "tools/livechat-sim/sim_options.h"

namespace hitl::bench {

// `event_id` must be new to the gateway (it de-duplicates on it); `text`
// is what the bot's stream shows as the agent message.
std::string AgentMessageWebhook(const sim::SimulatorOptions& sim, const hitl::v1::Session& session,
                                const std::string& event_id, const std::string& text);

}  // namespace hitl::bench

// Which of LiveChat's chat events the bot gets, and as what: an agent's
// message or file written for the customer to see. Not the customer's own
// messages (what SendMessage posted), not the chat's opening events (posted
// by the gateway's own account), not agents-only notes, not system messages,
// not event types the API does not relay yet.
#pragma once

#include <optional>

#include "absl/time/time.h"
#include "hitl/v1/hitl.pb.h"
#include "server/livechat/wire/event.h"
#include "server/store/session_record.h"

namespace hitl::handoff {

// The agent event for `event` in `session`, or nullopt if it is not one.
// `fallback_time` stands in when LiveChat's created_at is unreadable.
std::optional<hitl::v1::AgentEvent> ToAgentEvent(const store::SessionRecord& session,
                                                 const livechat::wire::Event& event,
                                                 absl::Time fallback_time);

}  // namespace hitl::handoff

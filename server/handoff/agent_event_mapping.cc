#include "server/handoff/agent_event_mapping.h"

#include <algorithm>

#include "server/common/rfc3339.h"
#include "server/handoff/session_view.h"

namespace hitl::handoff {

namespace wire = livechat::wire;

std::optional<hitl::v1::AgentEvent> ToAgentEvent(const store::SessionRecord& session,
                                                 const wire::Event& in,
                                                 absl::Time fallback_time) {
  const auto& opening = session.opening_event_ids;
  if (in.author_id.empty() || in.author_id == session.customer_id ||
      in.visibility == wire::visibility::kAgents ||
      std::find(opening.begin(), opening.end(), in.id) != opening.end()) {
    return std::nullopt;
  }
  auto created = ParseRfc3339(in.created_at);
  hitl::v1::AgentEvent event = NewEvent(session, created.ok() ? *created : fallback_time);
  if (in.type == wire::event_type::kMessage && !in.text.empty()) {
    auto* message = event.mutable_agent_message();
    message->set_agent_id(in.author_id);
    message->set_text(in.text);
    message->set_event_id(in.id);
    return event;
  }
  if (in.type == wire::event_type::kFile) {
    auto* file = event.mutable_agent_file();
    file->set_agent_id(in.author_id);
    file->set_url(in.url);
    file->set_name(in.name);
    file->set_content_type(in.content_type);
    file->set_size(in.size.value_or(0));
    file->set_event_id(in.id);
    file->set_alternative_text(in.alternative_text);
    return event;
  }
  return std::nullopt;  // rich messages, forms, ... are not relayed yet
}

}  // namespace hitl::handoff

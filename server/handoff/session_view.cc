#include "server/handoff/session_view.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"

namespace hitl::handoff {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest * 1000));
  return out;
}

hitl::v1::Session ToProto(const store::SessionRecord& session) {
  hitl::v1::Session out;
  out.set_session_id(session.session_id);
  out.set_chat_id(session.chat_id);
  out.set_thread_id(session.thread_id);
  out.set_customer_id(session.customer_id);
  out.set_state(static_cast<hitl::v1::SessionState>(session.state));
  for (const auto& agent : session.agent_ids) out.add_agent_ids(agent);
  *out.mutable_create_time() = ToTimestamp(session.create_time);
  if (session.end_time) *out.mutable_end_time() = ToTimestamp(*session.end_time);
  out.set_end_reason(session.end_reason);
  out.set_ended_by(static_cast<hitl::v1::EndedBy>(session.ended_by));
  out.set_group_id(session.group_id);
  out.set_user_id(session.user_id);
  return out;
}

void NoteAgentActivity(store::SessionRecord& session, const std::string& agent_id) {
  if (session.ended()) return;
  session.state = store::SessionState::kActive;
  if (std::find(session.agent_ids.begin(), session.agent_ids.end(), agent_id) ==
      session.agent_ids.end()) {
    session.agent_ids.push_back(agent_id);
  }
}

void NoteTransfer(store::SessionRecord& session, const std::vector<std::string>& agent_ids) {
  if (session.ended()) return;
  session.agent_ids = agent_ids;
  session.state = agent_ids.empty() ? store::SessionState::kWaiting
                                    : store::SessionState::kActive;
}

void NoteEnd(store::SessionRecord& session, store::EndedBy ended_by,
             const std::string& reason, absl::Time when) {
  session.state = store::SessionState::kEnded;
  session.ended_by = ended_by;
  session.end_reason = reason;
  session.end_time = when;
  session.customer = store::CustomerSecrets{};
}

absl::Status SessionEndedError(const store::SessionRecord& session) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason::kSessionEnded,
                   absl::StrCat("session ", session.session_id, " has ended (",
                                session.end_reason, "); start a new handoff with StartHitl"),
                   {{"session_id", session.session_id}});
}

hitl::v1::AgentEvent NewEvent(const store::SessionRecord& session, absl::Time time) {
  hitl::v1::AgentEvent event;
  event.set_session_id(session.session_id);
  event.set_chat_id(session.chat_id);
  *event.mutable_time() = ToTimestamp(time);
  return event;
}

hitl::v1::AgentEvent EndedEvent(const store::SessionRecord& session,
                                const std::string& agent_id) {
  // NoteEnd set end_time.
  hitl::v1::AgentEvent event = NewEvent(session, session.end_time.value_or(absl::UnixEpoch()));
  auto* ended = event.mutable_session_ended();
  ended->set_ended_by(static_cast<hitl::v1::EndedBy>(session.ended_by));
  ended->set_reason(session.end_reason);
  ended->set_agent_id(agent_id);
  return event;
}

}  // namespace hitl::handoff

// Session state changes and the API's view of a session: pure functions, so
// the rules are tested without a store or LiveChat.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "hitl/v1/hitl.pb.h"
#include "server/store/session_record.h"

namespace hitl::handoff {

// The session as the API shows it (never its secrets).
hitl::v1::Session ToProto(const store::SessionRecord& session);

// An agent wrote in the chat: the session is active and the agent is listed.
void NoteAgentActivity(store::SessionRecord& session, const std::string& agent_id);

// The chat now belongs to `agent_ids` (none: it waits for one).
void NoteTransfer(store::SessionRecord& session, const std::vector<std::string>& agent_ids);

// The session ends: who, why and when are recorded and the customer's
// secrets are wiped (nothing will use them again).
void NoteEnd(store::SessionRecord& session, store::EndedBy ended_by,
             const std::string& reason, absl::Time when);

// An event of `session` at `time`: its header (session, chat, time) only.
hitl::v1::AgentEvent NewEvent(const store::SessionRecord& session, absl::Time time);

// The event that announces the end recorded by NoteEnd (call it after).
hitl::v1::AgentEvent EndedEvent(const store::SessionRecord& session,
                                const std::string& agent_id);

// FAILED_PRECONDITION (SESSION_ENDED) for a call that needs an open session.
absl::Status SessionEndedError(const store::SessionRecord& session);

// Timestamp conversion for the API.
google::protobuf::Timestamp ToTimestamp(absl::Time time);

}  // namespace hitl::handoff

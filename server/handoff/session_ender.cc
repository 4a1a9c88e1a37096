#include "server/handoff/session_ender.h"

#include "server/common/log.h"
#include "server/handoff/agent_event_mapping.h"
#include "server/handoff/session_view.h"
#include "server/webhook/webhook_parser.h"

namespace hitl::handoff {

SessionEnder::SessionEnder(store::Store& store, events::EventLog& log,
                           livechat::LiveChatClient& livechat, Clock& clock)
    : store_(store), log_(log), livechat_(livechat), clock_(clock) {}

absl::StatusOr<bool> SessionEnder::End(const std::string& session_id,
                                       const std::string& thread_id, const DecideFn& decide,
                                       const std::string& delivery_key) {
  auto session = store_.GetSession(session_id);
  if (!session.ok()) return session.status();
  if (session->ended()) return false;
  // Read outside the append lock: it is a call to LiveChat.
  auto chat = livechat_.GetChat(session->chat_id, thread_id);
  if (!chat.ok()) {
    log::Warn("ending session={} without reading its chat: {}", session_id,
              chat.status().message());
  }
  const absl::Time now = clock_.Now();
  bool ended = false;
  auto result = log_.Append([&]() -> absl::StatusOr<std::optional<store::JournalCommit>> {
    auto fresh = store_.GetSession(session_id);
    if (!fresh.ok()) return fresh.status();
    if (fresh->ended()) return std::nullopt;
    store::JournalCommit commit{.dedup_key = delivery_key, .received_at = now};
    if (chat.ok() && chat->thread) {
      for (const livechat::wire::Event& in : chat->thread->events) {
        std::optional<hitl::v1::AgentEvent> event = ToAgentEvent(*fresh, in, now);
        if (!event) continue;
        NoteAgentActivity(*fresh, in.author_id);
        store::JournalEntry entry = events::EncodeEntry(*event, now);
        entry.dedup_key = webhook::EventDedupKey(fresh->chat_id, in.id);
        commit.entries.push_back(std::move(entry));
      }
    }
    Ending ending = decide(*fresh);
    NoteEnd(*fresh, ending.ended_by, ending.reason, now);
    commit.entries.push_back(events::EncodeEntry(EndedEvent(*fresh, ending.agent_id), now));
    commit.ended_entry = static_cast<int>(commit.entries.size()) - 1;
    commit.session = *fresh;
    ended = true;
    return commit;
  });
  if (!result.ok()) return result.status();
  if (!ended || result->duplicate) return false;
  log::Info("session ended session={} events_recovered={}", session_id,
            result->appended.size() - 1);
  return true;
}

}  // namespace hitl::handoff

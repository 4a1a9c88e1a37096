#include "server/handoff/session_ender.h"

#include "server/common/log.h"
#include "server/events/event_codec.h"
#include "server/store/session_updates.h"
#include "server/handoff/agent_event_mapping.h"
#include "server/handoff/session_view.h"
#include "server/webhook/webhook_parser.h"

namespace hitl::handoff {

SessionEnder::SessionEnder(store::Store& store, livechat::LiveChatClient& livechat,
                           Clock& clock)
    : store_(store), livechat_(livechat), clock_(clock) {}

absl::StatusOr<SessionEnder::Outcome> SessionEnder::End(const store::SessionRecord& session,
                                                        const DecideFn& decide,
                                                        Options options) {
  if (session.ended()) return Outcome{.ended_here = false, .session = session};
  const std::string& session_id = session.session_id;
  // Read once, before the commit loop: it is a call to LiveChat.
  absl::StatusOr<livechat::wire::Chat> chat =
      options.chat ? *std::move(options.chat)
                   : livechat_.GetChat(session.chat_id, options.thread_id);
  if (!chat.ok()) {
    log::Warn("ending session={} without reading its chat: {}", session_id,
              chat.status().message());
  }
  const absl::Time now = clock_.Now();
  store::SessionRecord latest = session;       // as stored, if this call writes nothing
  std::optional<store::SessionRecord> ending;  // as this call stores it
  auto result = store::CommitWith(store_, [&]() -> absl::StatusOr<std::optional<store::JournalCommit>> {
    ending.reset();
    auto fresh = store_.GetSession(session_id);
    if (!fresh.ok()) return fresh.status();
    latest = *fresh;
    if (fresh->ended()) return std::nullopt;
    store::JournalCommit commit{.dedup_key = options.delivery_key, .received_at = now};
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
    Ending how = decide(*fresh);
    NoteEnd(*fresh, how.ended_by, how.reason, now);
    commit.entries.push_back(events::EncodeEntry(EndedEvent(*fresh, how.agent_id), now));
    commit.ended_entry = static_cast<int>(commit.entries.size()) - 1;
    commit.session = *fresh;
    ending = *std::move(fresh);
    return commit;
  });
  if (!result.ok()) return result.status();
  if (!ending || result->duplicate) return Outcome{.ended_here = false, .session = latest};
  // The ended event is always appended (it has no de-duplication key), last.
  log::Info("session ended session={} events_recovered={}", session_id,
            result->appended.size() - 1);
  return Outcome{.ended_here = true, .session = result->session.value_or(*ending)};
}

}  // namespace hitl::handoff

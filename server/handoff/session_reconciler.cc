#include "server/handoff/session_reconciler.h"

#include "server/common/log.h"

namespace hitl::handoff {

SessionReconciler::SessionReconciler(store::Store& store, livechat::LiveChatClient& livechat,
                                     SessionEnder& ender)
    : store_(store), livechat_(livechat), ender_(ender) {}

absl::StatusOr<int> SessionReconciler::RunOnce(const std::function<bool()>& stopping) {
  constexpr int kPage = 100;
  int ended = 0;
  std::string after;
  while (!stopping()) {
    auto sessions = store_.ListOpenSessions(after, kPage);
    if (!sessions.ok()) return sessions.status();
    for (const store::SessionRecord& session : *sessions) {
      if (stopping()) break;
      after = session.session_id;
      auto chat = livechat_.GetChat(session.chat_id, "");
      if (!chat.ok()) {
        log::Warn("reconcile: cannot read chat={} of session={}: {}", session.chat_id,
                  session.session_id, chat.status().message());
        continue;
      }
      if (!chat->thread || chat->thread->active) continue;
      auto done = ender_.End(
          session,
          [](const store::SessionRecord&) {
            return SessionEnder::Ending{store::EndedBy::kLiveChat,
                                        "LiveChat closed the chat while the gateway was not "
                                        "receiving its webhooks",
                                        ""};
          },
          {.chat = *std::move(chat)});
      if (done.ok() && done->ended_here) ++ended;
    }
    if (sessions->size() < static_cast<size_t>(kPage)) break;
  }
  return ended;
}

}  // namespace hitl::handoff

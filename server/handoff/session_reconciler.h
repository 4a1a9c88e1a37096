// Ends sessions whose chat LiveChat closed without the gateway hearing of
// it: LiveChat retries a webhook for about a minute, so a gateway down for
// longer misses chat_deactivated. Run at start-up and periodically, it keeps
// the promise that every session gets its one ended event.
//
// Thread-safe.
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "server/handoff/session_ender.h"
#include "server/livechat/livechat_client.h"
#include "server/store/store.h"

namespace hitl::handoff {

class SessionReconciler {
 public:
  SessionReconciler(store::Store& store, livechat::LiveChatClient& livechat, SessionEnder& ender);

  // Looks at every open session's chat once, stopping early when `stopping`
  // says so; returns how many sessions it ended.
  absl::StatusOr<int> RunOnce(const std::function<bool()>& stopping);

 private:
  store::Store& store_;
  livechat::LiveChatClient& livechat_;
  SessionEnder& ender_;
};

}  // namespace hitl::handoff

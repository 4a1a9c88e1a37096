// Ends sessions, exactly once, whoever ends them (the bot, an agent,
// LiveChat). Before the end it reads the chat (get_chat) and journals the
// agent events no webhook brought, late or lost, de-duplicated against the
// webhooks, so nothing an agent wrote is lost and the ended event comes last.
//
// Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "server/common/clock.h"
#include "server/events/event_log.h"
#include "server/livechat/livechat_client.h"
#include "server/store/store.h"

namespace hitl::handoff {

class SessionEnder {
 public:
  struct Ending {
    store::EndedBy ended_by = store::EndedBy::kLiveChat;
    std::string reason;
    std::string agent_id;  // when an agent ended it
  };
  // Decides the ending from the session as it is at the end.
  using DecideFn = std::function<Ending(const store::SessionRecord&)>;

  SessionEnder(store::Store& store, events::EventLog& log, livechat::LiveChatClient& livechat,
               Clock& clock);

  // Ends the session unless it has ended already; true if this call ended
  // it. `thread_id` names the chat's thread to read (empty: the latest);
  // `delivery_key` de-duplicates the webhook that asked for the end.
  absl::StatusOr<bool> End(const std::string& session_id, const std::string& thread_id,
                           const DecideFn& decide, const std::string& delivery_key = "");

 private:
  store::Store& store_;
  events::EventLog& log_;
  livechat::LiveChatClient& livechat_;
  Clock& clock_;
};

}  // namespace hitl::handoff

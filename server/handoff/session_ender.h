// Ends sessions, exactly once, whoever ends them (the bot, an agent,
// LiveChat). Before the end it reads the chat (get_chat) and journals the
// agent events no webhook brought, late or lost, de-duplicated against the
// webhooks, so nothing an agent wrote is lost and the ended event comes last.
//
// Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/common/clock.h"
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

  SessionEnder(store::Store& store, livechat::LiveChatClient& livechat, Clock& clock);

  struct Options {
    // The chat's thread to read (empty: the latest); unused with `chat`.
    std::string thread_id;
    // The chat as the caller just read it: End does not read it again.
    std::optional<livechat::wire::Chat> chat;
    // De-duplicates the webhook that asked for the end.
    std::string delivery_key;
  };
  struct Outcome {
    bool ended_here = false;        // this call ended the session
    store::SessionRecord session;   // the session as stored when End returned
  };

  // Ends `session` (the caller's record of it; re-read for every attempt of
  // the commit before anything is decided) unless it has ended already.
  absl::StatusOr<Outcome> End(const store::SessionRecord& session, const DecideFn& decide,
                              Options options);

 private:
  store::Store& store_;
  livechat::LiveChatClient& livechat_;
  Clock& clock_;
};

}  // namespace hitl::handoff

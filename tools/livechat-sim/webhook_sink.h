// Where state changes send their webhooks. SimState calls Publish with its
// lock held, in the order the changes happen, so an implementation must not
// block and must not call back into SimState.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::sim {

// Webhook actions the simulator sends beyond those the gateway consumes
// (wire::webhook_action).
inline constexpr absl::string_view kIncomingChatAction = "incoming_chat";
inline constexpr absl::string_view kUserAddedToChatAction = "user_added_to_chat";

// One webhook before it gets its envelope (webhook_id, secret_key, ...).
struct Webhook {
  std::string action;                    // "incoming_event", ...
  livechat::wire::Json payload;          // built with wire::ToJson
  livechat::wire::Json additional_data;  // {chat_properties, chat_presence_user_ids}
  std::string chat_id;                   // for delivery records
  std::string event_id;                  // incoming_event only
};

class WebhookSink {
 public:
  virtual ~WebhookSink() = default;
  virtual void Publish(Webhook webhook) = 0;
};

}  // namespace hitl::sim

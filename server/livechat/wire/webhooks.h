// LiveChat's webhook envelope and the payloads of the actions the gateway
// consumes (incoming_event, chat_deactivated, chat_transferred). Required
// fields follow the webhook documentation; unknown fields are ignored and
// optional ones may be absent (group-only and queued transfers, file events).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/livechat/wire/chat_api.h"
#include "server/livechat/wire/event.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::livechat::wire {

struct WebhookEnvelope {
  std::string webhook_id;
  std::string secret_key;  // secret: never log
  std::string action;
  std::string organization_id;
  Json payload;            // an object
  Json additional_data;    // null when absent
};
Json ToJson(const WebhookEnvelope& envelope);
// Checks the envelope's own required fields; the payload is parsed apart.
// Takes `json` by value: a caller done with it moves it in, and the payload
// and additional_data are moved out rather than copied.
absl::StatusOr<WebhookEnvelope> ParseWebhookEnvelope(Json json);

struct IncomingEventPayload {
  std::string chat_id;
  std::string thread_id;
  Event event;
};
Json ToJson(const IncomingEventPayload& payload);
absl::StatusOr<IncomingEventPayload> ParseIncomingEventPayload(const Json& json);

struct ChatDeactivatedPayload {
  std::string chat_id;
  std::string thread_id;
  std::string user_id;  // empty when LiveChat's router closed the thread
};
Json ToJson(const ChatDeactivatedPayload& payload);
absl::StatusOr<ChatDeactivatedPayload> ParseChatDeactivatedPayload(const Json& json);

struct ChatTransferredPayload {
  std::string chat_id;
  std::string thread_id;     // present while the chat is active
  std::string requester_id;  // optional
  std::string reason;        // manual | inactive | assigned | unassigned | other
  std::vector<int64_t> group_ids;
  std::vector<std::string> agent_ids;
  std::optional<QueueInfo> queue;
};
Json ToJson(const ChatTransferredPayload& payload);
absl::StatusOr<ChatTransferredPayload> ParseChatTransferredPayload(const Json& json);

}  // namespace hitl::livechat::wire

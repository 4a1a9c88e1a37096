#include "server/livechat/wire/webhooks.h"

namespace hitl::livechat::wire {

Json ToJson(const WebhookEnvelope& envelope) {
  Json out = {{"webhook_id", envelope.webhook_id},
              {"secret_key", envelope.secret_key},
              {"action", envelope.action},
              {"organization_id", envelope.organization_id},
              {"payload", envelope.payload}};
  if (!envelope.additional_data.is_null()) {
    out["additional_data"] = envelope.additional_data;
  }
  return out;
}

absl::StatusOr<WebhookEnvelope> ParseWebhookEnvelope(Json json) {
  FieldReader fields(json, "");
  WebhookEnvelope envelope;
  envelope.webhook_id = fields.RequiredString("webhook_id");
  envelope.secret_key = fields.RequiredString("secret_key");
  envelope.action = fields.RequiredString("action");
  envelope.organization_id = fields.RequiredString("organization_id");
  const bool has_payload = fields.Object("payload", true) != nullptr;
  const bool has_extra = fields.Object("additional_data", false) != nullptr;
  if (!fields.ok()) return fields.status();
  if (has_payload) envelope.payload = std::move(json["payload"]);
  if (has_extra) envelope.additional_data = std::move(json["additional_data"]);
  return envelope;
}

Json ToJson(const IncomingEventPayload& payload) {
  return Json{{"chat_id", payload.chat_id},
              {"thread_id", payload.thread_id},
              {"event", ToJson(payload.event)}};
}

absl::StatusOr<IncomingEventPayload> ParseIncomingEventPayload(const Json& json) {
  FieldReader fields(json, "payload");
  IncomingEventPayload payload;
  payload.chat_id = fields.RequiredString("chat_id");
  payload.thread_id = fields.RequiredString("thread_id");
  if (const Json* event = fields.Object("event", true)) {
    auto parsed = ParseEvent(*event, "payload.event", EventSource::kPushed);
    if (parsed.ok()) {
      payload.event = *std::move(parsed);
    } else {
      fields.Merge(parsed.status());
    }
  }
  if (!fields.ok()) return fields.status();
  return payload;
}

Json ToJson(const ChatDeactivatedPayload& payload) {
  Json out = {{"chat_id", payload.chat_id}, {"thread_id", payload.thread_id}};
  if (!payload.user_id.empty()) out["user_id"] = payload.user_id;
  return out;
}

absl::StatusOr<ChatDeactivatedPayload> ParseChatDeactivatedPayload(const Json& json) {
  FieldReader fields(json, "payload");
  ChatDeactivatedPayload payload;
  payload.chat_id = fields.RequiredString("chat_id");
  payload.thread_id = fields.RequiredString("thread_id");
  payload.user_id = fields.OptionalString("user_id").value_or("");
  if (!fields.ok()) return fields.status();
  return payload;
}

Json ToJson(const ChatTransferredPayload& payload) {
  Json target = Json::object();
  if (!payload.group_ids.empty()) target["group_ids"] = payload.group_ids;
  if (!payload.agent_ids.empty()) target["agent_ids"] = payload.agent_ids;
  Json out = {{"chat_id", payload.chat_id},
              {"reason", payload.reason},
              {"transferred_to", target}};
  if (!payload.thread_id.empty()) out["thread_id"] = payload.thread_id;
  if (!payload.requester_id.empty()) out["requester_id"] = payload.requester_id;
  if (payload.queue) out["queue"] = ToJson(*payload.queue);
  return out;
}

absl::StatusOr<ChatTransferredPayload> ParseChatTransferredPayload(const Json& json) {
  FieldReader fields(json, "payload");
  ChatTransferredPayload payload;
  payload.chat_id = fields.RequiredString("chat_id");
  payload.thread_id = fields.OptionalString("thread_id").value_or("");
  payload.requester_id = fields.OptionalString("requester_id").value_or("");
  payload.reason = fields.RequiredString("reason");
  if (const Json* target = fields.Object("transferred_to", true)) {
    FieldReader target_fields(*target, "payload.transferred_to");
    payload.group_ids = target_fields.IntArray("group_ids", false);
    payload.agent_ids = target_fields.StringArray("agent_ids", false);
    fields.Merge(target_fields.status());
  }
  payload.queue = ReadQueue(fields);
  if (!fields.ok()) return fields.status();
  return payload;
}

}  // namespace hitl::livechat::wire

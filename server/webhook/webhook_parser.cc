#include "server/webhook/webhook_parser.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/common/secrets.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::webhook {
namespace {

namespace wire = livechat::wire;

std::string Sha256Hex(const std::string& text) {
  const std::array<unsigned char, 32> digest = Sha256(text);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace

std::string EventDedupKey(absl::string_view chat_id, absl::string_view event_id) {
  return absl::StrCat(wire::webhook_action::kIncomingEvent, "/", chat_id, "/", event_id);
}

absl::StatusOr<ParsedWebhook> ParseWebhook(absl::string_view body,
                                           absl::string_view secret) {
  absl::StatusOr<wire::Json> json = wire::ParseJson(body);
  if (!json.ok()) return json.status();
  if (!json->is_object()) return absl::InvalidArgumentError("body: expected a JSON object");
  // Authenticate before looking at anything else.
  auto secret_field = json->find("secret_key");
  if (secret_field == json->end() || !secret_field->is_string()) {
    return absl::UnauthenticatedError("secret_key is missing");
  }
  if (!ConstantTimeEquals(secret_field->get_ref<const std::string&>(), secret)) {
    return absl::UnauthenticatedError("secret_key does not match LIVECHAT_WEBHOOK_SECRET");
  }
  absl::StatusOr<wire::WebhookEnvelope> envelope = wire::ParseWebhookEnvelope(*std::move(json));
  if (!envelope.ok()) return envelope.status();

  ParsedWebhook parsed;
  parsed.action = envelope->action;
  parsed.organization_id = envelope->organization_id;
  namespace action = wire::webhook_action;
  if (parsed.action == action::kIncomingEvent) {
    auto payload = wire::ParseIncomingEventPayload(envelope->payload);
    if (!payload.ok()) return payload.status();
    parsed.dedup_key = EventDedupKey(payload->chat_id, payload->event.id);
    parsed.payload = *std::move(payload);
  } else if (parsed.action == action::kChatDeactivated) {
    auto payload = wire::ParseChatDeactivatedPayload(envelope->payload);
    if (!payload.ok()) return payload.status();
    parsed.dedup_key =
        absl::StrCat(parsed.action, "/", payload->chat_id, "/", payload->thread_id);
    parsed.payload = *std::move(payload);
  } else if (parsed.action == action::kChatTransferred) {
    auto payload = wire::ParseChatTransferredPayload(envelope->payload);
    if (!payload.ok()) return payload.status();
    // LiveChat gives transfers no id: the payload itself (keys sorted by the
    // JSON library) identifies a redelivery.
    parsed.content_hash = Sha256Hex(envelope->payload.dump());
    parsed.payload = *std::move(payload);
  }
  return parsed;
}

}  // namespace hitl::webhook

#include "tools/bench/agent_webhook.h"

#include "server/livechat/wire/webhooks.h"

namespace hitl::bench {

namespace wire = livechat::wire;

std::string AgentMessageWebhook(const sim::SimulatorOptions& sim, const hitl::v1::Session& session,
                                const std::string& event_id, const std::string& text) {
  wire::IncomingEventPayload payload;
  payload.chat_id = session.chat_id();
  payload.thread_id = session.thread_id();
  payload.event.id = event_id;
  payload.event.created_at = "2026-01-01T00:00:00.000000Z";
  payload.event.type = "message";
  payload.event.author_id = "jane.doe@example.com";
  payload.event.visibility = "all";
  payload.event.text = text;
  wire::WebhookEnvelope envelope;
  envelope.webhook_id = "bench";
  envelope.secret_key = sim.webhook_secret;
  envelope.action = "incoming_event";
  envelope.organization_id = sim.organization_id;
  envelope.payload = wire::ToJson(payload);
  return wire::ToJson(envelope).dump();
}

}  // namespace hitl::bench

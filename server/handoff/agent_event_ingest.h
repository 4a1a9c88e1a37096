// Turns verified LiveChat webhooks into the agent events of gateway
// sessions: journals each event together with the session's new state, and
// decides what is not for the bot (chats that are not sessions, the
// customer's own messages echoed back, agents-only notes, system messages).
//
// Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "hitl/v1/hitl.pb.h"
#include "server/common/clock.h"
#include "server/handoff/session_ender.h"
#include "server/store/store.h"
#include "server/webhook/webhook_parser.h"

namespace hitl::handoff {

enum class IngestOutcome {
  kJournaled,         // new events were journaled
  kDuplicate,         // this delivery was journaled before
  kNotASession,       // the chat is not a gateway session
  kNotForTheBot,      // e.g. the customer's own message, an internal note
  kOtherOrganization, // sent for another LiveChat organization
  kNotConsumed,       // an action the gateway does not use
};

absl::string_view OutcomeName(IngestOutcome outcome);

class AgentEventIngest {
 public:
  AgentEventIngest(store::Store& store, SessionEnder& ender, Clock& clock,
                   std::string organization_id);

  // OK with an outcome once the result is durable (the webhook may then be
  // acknowledged); an error if it could not be journaled (answer 5xx so
  // LiveChat retries).
  absl::StatusOr<IngestOutcome> Ingest(const webhook::ParsedWebhook& webhook);

 private:
  absl::StatusOr<IngestOutcome> OnIncomingEvent(
      const webhook::ParsedWebhook& webhook,
      const livechat::wire::IncomingEventPayload& payload);
  absl::StatusOr<IngestOutcome> OnChatDeactivated(
      const webhook::ParsedWebhook& webhook,
      const livechat::wire::ChatDeactivatedPayload& payload);
  absl::StatusOr<IngestOutcome> OnChatTransferred(
      const webhook::ParsedWebhook& webhook,
      const livechat::wire::ChatTransferredPayload& payload);

  // Journals what `change` makes of the session's current record (read
  // afresh for every attempt of the commit); `change` returns the event, or the outcome of
  // writing nothing (e.g. kNotForTheBot, kDuplicate).
  using Change = std::variant<hitl::v1::AgentEvent, IngestOutcome>;
  using ChangeFn = std::function<Change(store::SessionRecord&)>;
  absl::StatusOr<IngestOutcome> Journal(const std::string& chat_id,
                                        const webhook::ParsedWebhook& webhook,
                                        const ChangeFn& change);

  store::Store& store_;
  SessionEnder& ender_;
  Clock& clock_;
  const std::string organization_id_;
};

}  // namespace hitl::handoff

// Reading and verifying one LiveChat webhook delivery, with no I/O: the body
// must be JSON, carry the shared secret (compared in constant time), and, for
// the actions the gateway consumes, a payload with the documented required
// fields. Unknown fields are tolerated; unknown actions parse as ignorable.
// Error messages never contain the secret or any payload value.
#pragma once

#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/webhooks.h"

namespace hitl::webhook {

// The de-duplication key of a LiveChat chat event: the same whether the event
// arrives by webhook or is read from the chat.
std::string EventDedupKey(absl::string_view chat_id, absl::string_view event_id);

struct ParsedWebhook {
  std::string action;
  std::string organization_id;
  // Identifies the delivered event, so a redelivery is recognised (empty
  // for transfers, which carry no id: see content_hash).
  std::string dedup_key;
  // A hash of the payload (transfers): a redelivery is identical to the
  // last transfer journaled for the chat.
  std::string content_hash;
  std::variant<std::monostate, livechat::wire::IncomingEventPayload,
               livechat::wire::ChatDeactivatedPayload,
               livechat::wire::ChatTransferredPayload>
      payload;

  // False for actions the gateway does not consume.
  bool consumed() const { return payload.index() != 0; }
};

// UNAUTHENTICATED: missing or wrong secret (answer 401).
// INVALID_ARGUMENT: not JSON or a required field missing (answer 400).
absl::StatusOr<ParsedWebhook> ParseWebhook(absl::string_view body,
                                           absl::string_view secret);

}  // namespace hitl::webhook

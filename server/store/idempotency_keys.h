// The idempotency keys of the bot's mutations (Idempotency in
// idempotency.h), in one place so the use cases and the store's migration
// of older records agree on them.
//
// Thread-safe: free functions only.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace hitl::store {

// StartHitl's `request_id`; the outcome is EncodeStringList({session_id}).
std::string StartRequestKey(absl::string_view request_id);
// SendMessage's `request_id` within one session (request ids are the bot's,
// unique per session only); the progress and the outcome are
// EncodeStringList of the parts' event ids in part order.
std::string SendRequestKey(absl::string_view session_id, absl::string_view request_id);

}  // namespace hitl::store

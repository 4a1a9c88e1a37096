// What a StartHitl attempt saves in its request claim as it goes, so an
// attempt that takes over from one that died (a replica killed mid-call)
// finishes that start instead of opening a second chat: first the new
// customer's identity (its chat, if start_chat got that far, is found
// through it), then the stored session.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/livechat/wire/accounts.h"

namespace hitl::handoff {

struct StartProgress {
  // Set once the session is stored (the claim's outcome is the same).
  std::string session_id;
  // The customer created for the chat, until the session holds it (secret:
  // the identity cookies).
  std::string customer_id;
  livechat::wire::CustomerCookies cookies;
};

std::string EncodeStartProgress(const StartProgress& progress);
// INTERNAL if `value` is not an encoded StartProgress.
absl::StatusOr<StartProgress> DecodeStartProgress(const std::string& value);

}  // namespace hitl::handoff

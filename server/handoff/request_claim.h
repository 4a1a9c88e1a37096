// One attempt's claim on a bot's request_id (store::Idempotency), shared by
// StartHitl and SendMessage: the same request sent twice at once, to one
// replica or to two, does its work once, and both callers get its outcome.
// While another attempt holds the key, Acquire waits (polling the store,
// within the call's deadline); a holder that died leaves a reservation that
// expires, and the next attempt takes it over with the progress it saved.
//
// Thread-compatible: one claim per attempt.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/common/clock.h"
#include "server/store/idempotency.h"

namespace hitl::handoff {

struct ClaimPolicy {
  // How long a reservation lasts without renewal: longer than any one step
  // of the work (each LiveChat call is bounded by its retry budget).
  absl::Duration lease = absl::Seconds(60);
  // How long a completed request's outcome is remembered.
  absl::Duration keep = absl::Hours(24 * 7);
  absl::Duration poll_min = absl::Milliseconds(20);
  absl::Duration poll_max = absl::Milliseconds(500);
};

class RequestClaim {
 public:
  // Reserves `key` for a new attempt. Waits while another attempt holds it,
  // until the call's deadline (at most one lease): then UNAVAILABLE asking
  // to retry with the same request_id. `what` names the call in errors.
  static absl::StatusOr<RequestClaim> Acquire(store::Idempotency& store, Clock& clock,
                                              const ClaimPolicy& policy, std::string key,
                                              absl::string_view what);

  // kAcquired (fresh), kTakenOver (value() = the progress an earlier attempt
  // saved) or kCompleted (value() = the outcome; nothing left to do).
  store::Reservation::State state() const { return state_; }
  const std::string& value() const { return value_; }

  // Saves progress and renews the claim. ABORTED if the claim was lost.
  absl::Status Save(const std::string& progress);
  // Records the outcome for every later attempt.
  absl::Status Complete(const std::string& outcome);
  // The attempt failed. With progress, the next attempt takes it over at
  // once (to finish what began); without, the next one starts afresh.
  void Abandon(const std::string& progress);

 private:
  RequestClaim(store::Idempotency& store, const ClaimPolicy& policy, std::string key,
               std::string owner, store::Reservation reservation);

  store::Idempotency* store_;
  ClaimPolicy policy_;
  std::string key_;
  std::string owner_;
  store::Reservation::State state_;
  std::string value_;
};

}  // namespace hitl::handoff

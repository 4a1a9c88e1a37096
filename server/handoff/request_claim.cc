#include "server/handoff/request_claim.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/common/call_deadline.h"
#include "server/common/errors.h"
#include "server/common/log.h"
#include "server/common/random_ids.h"

namespace hitl::handoff {

RequestClaim::RequestClaim(store::Idempotency& store, const ClaimPolicy& policy,
                           std::string key, std::string owner,
                           store::Reservation reservation)
    : store_(&store),
      policy_(policy),
      key_(std::move(key)),
      owner_(std::move(owner)),
      state_(reservation.state),
      value_(std::move(reservation.value)) {}

absl::StatusOr<RequestClaim> RequestClaim::Acquire(store::Idempotency& store, Clock& clock,
                                                   const ClaimPolicy& policy, std::string key,
                                                   absl::string_view what) {
  const std::string owner = RandomHex(12);  // this attempt, on whichever replica
  const absl::Time give_up = std::min(CurrentCallDeadline(), clock.Now() + policy.lease);
  absl::Duration poll = policy.poll_min;
  while (true) {
    auto reservation = store.Reserve(key, owner, policy.lease);
    if (!reservation.ok()) return reservation.status();
    if (reservation->state != store::Reservation::State::kHeld) {
      return RequestClaim(store, policy, std::move(key), owner, *std::move(reservation));
    }
    // Another attempt is at work: its outcome will be ours.
    absl::Duration wait = std::min(poll, reservation->held_for);
    if (clock.Now() + wait >= give_up) {
      return MakeError(absl::StatusCode::kUnavailable, reason::kOverloaded,
                       absl::StrCat(what, " with this request_id is still in progress in "
                                          "another call; retry with the same request_id"));
    }
    clock.SleepFor(std::max(wait, absl::Milliseconds(1)));
    poll = std::min(poll * 2, policy.poll_max);
  }
}

absl::Status RequestClaim::Save(const std::string& progress) {
  return store_->SaveProgress(key_, owner_, progress, policy_.lease);
}

absl::Status RequestClaim::Complete(const std::string& outcome) {
  return store_->Complete(key_, owner_, outcome, policy_.keep);
}

void RequestClaim::Abandon(const std::string& progress) {
  absl::Status s = progress.empty()
                       ? store_->Release(key_, owner_)
                       : store_->SaveProgress(key_, owner_, progress, absl::ZeroDuration());
  if (!s.ok()) {
    // The reservation then simply expires; the next attempt waits for that.
    log::Warn("could not hand back a request reservation: {}", s.message());
  }
}

}  // namespace hitl::handoff

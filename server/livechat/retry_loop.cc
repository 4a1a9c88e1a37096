#include "server/livechat/retry_loop.h"

#include <algorithm>

#include "absl/random/random.h"
#include "absl/synchronization/mutex.h"

namespace hitl::livechat {

Backoff::Backoff(const RetryOptions& options, std::function<double()> uniform01)
    : options_(options),
      uniform01_(std::move(uniform01)),
      ceiling_(options.initial_backoff) {}

absl::Duration Backoff::Next() {
  absl::Duration ceiling = std::min(ceiling_, options_.max_backoff);
  ceiling_ = std::min(ceiling_ * options_.multiplier, options_.max_backoff);
  return ceiling / 2 + (ceiling / 2) * uniform01_();
}

std::function<double()> DefaultJitter() {
  return [] {
    static absl::Mutex mu(absl::kConstInit);
    static absl::BitGen* bitgen = new absl::BitGen();
    absl::MutexLock lock(&mu);
    return absl::Uniform<double>(*bitgen, 0.0, 1.0);
  };
}

namespace internal {

std::optional<absl::Duration> NextWait(const RetryOptions& options, Backoff& backoff,
                                       Clock& clock, absl::Time start, int attempt,
                                       const absl::Status& status, bool can_retry) {
  if (!can_retry || attempt >= options.max_attempts) return std::nullopt;
  absl::Duration wait = backoff.Next();
  if (auto retry_after = RetryAfter(status)) wait = std::max(wait, *retry_after);
  if (clock.Now() + wait - start > options.budget) return std::nullopt;
  return wait;
}

absl::Status GiveUp(const absl::Status& status, int attempts, absl::Duration elapsed) {
  return Annotate(status, absl::StrCat("gave up after ", attempts, " attempt",
                                       attempts == 1 ? "" : "s", " in ",
                                       absl::FormatDuration(absl::Trunc(
                                           elapsed, absl::Milliseconds(1)))));
}

}  // namespace internal
}  // namespace hitl::livechat

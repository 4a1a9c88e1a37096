// Retrying LiveChat calls, as three separate decisions: whether to retry at
// all (the failure's RetryClass and the method's idempotency), for how long
// (attempt count and time budget) and how long to wait (truncated exponential
// backoff with jitter, at least LiveChat's Retry-After). The clock is
// injected so tests never sleep.
//
// Thread-safe: a RetryLoop call keeps its state on the stack.
#pragma once

#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/common/clock.h"
#include "server/common/errors.h"
#include "server/livechat/livechat_status.h"

namespace hitl::livechat {

struct RetryOptions {
  int max_attempts = 5;
  // Total time across attempts and waits; no retry starts after it.
  absl::Duration budget = absl::Seconds(20);
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
  double multiplier = 2.0;
};

// May a call be repeated after LiveChat possibly acted on it?
enum class Idempotency { kIdempotent, kNonIdempotent };

// The waits between attempts: the n-th wait lies in [d/2, d] with
// d = min(max_backoff, initial_backoff * multiplier^n).
class Backoff {
 public:
  // `uniform01` returns numbers in [0, 1); tests pass a fixed one.
  Backoff(const RetryOptions& options, std::function<double()> uniform01);
  absl::Duration Next();

 private:
  const RetryOptions& options_;
  std::function<double()> uniform01_;
  absl::Duration ceiling_;
};

// A source of jitter for production use.
std::function<double()> DefaultJitter();

// What a non-idempotent call's `verify` hook found before a retry: the
// earlier attempt took effect (its result), or it did not (nullopt).
template <typename T>
using VerifyFn = std::function<absl::StatusOr<std::optional<T>>()>;

namespace internal {
// Decides what follows failure `status` of attempt `attempt` (1-based):
// the wait before the next attempt, or nullopt to give up.
std::optional<absl::Duration> NextWait(const RetryOptions& options, Backoff& backoff,
                                       Clock& clock, absl::Time start, int attempt,
                                       const absl::Status& status, bool can_retry);
absl::Status GiveUp(const absl::Status& status, int attempts, absl::Duration elapsed);
}  // namespace internal

// Calls `attempt` until it succeeds, fails permanently or the policy gives up.
// After a failure LiveChat may have acted on, a non-idempotent call is only
// repeated if `verify` exists and reports that the earlier attempt had no
// effect; if it had, its result is returned. `verify` also runs once more
// before giving up after such a failure.
template <typename T>
absl::StatusOr<T> RetryLoop(const RetryOptions& options, Clock& clock,
                            std::function<double()> jitter, Idempotency idempotency,
                            const std::function<absl::StatusOr<T>()>& attempt,
                            const VerifyFn<T>& verify = nullptr) {
  Backoff backoff(options, std::move(jitter));
  const absl::Time start = clock.Now();
  for (int n = 1;; ++n) {
    absl::StatusOr<T> result = attempt();
    if (result.ok()) return result;
    RetryClass retry_class = ClassifyForRetry(result.status());
    bool uncertain = retry_class == RetryClass::kMaybeProcessed &&
                     idempotency == Idempotency::kNonIdempotent;
    bool can_retry = retry_class != RetryClass::kNo && (!uncertain || verify);
    std::optional<absl::Duration> wait = internal::NextWait(
        options, backoff, clock, start, n, result.status(), can_retry);
    if (!wait) {
      // Giving up on a call LiveChat may have done: one last look, so the
      // caller is not told "failed" about something that happened.
      if (uncertain && verify) {
        absl::StatusOr<std::optional<T>> earlier = verify();
        if (earlier.ok() && earlier->has_value()) return **earlier;
      }
      if (n == 1 && !can_retry) return result.status();
      return internal::GiveUp(result.status(), n, clock.Now() - start);
    }
    clock.SleepFor(*wait);
    if (uncertain) {
      absl::StatusOr<std::optional<T>> earlier = verify();
      if (!earlier.ok()) return internal::GiveUp(result.status(), n, clock.Now() - start);
      if (earlier->has_value()) return **earlier;
    }
  }
}

}  // namespace hitl::livechat

// A clock for tests: time moves only when told (or when SleepFor is called,
// which advances it instead of blocking).
#pragma once

#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"

namespace hitl::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1750000000)) : now_(start) {}

  absl::Time Now() override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void SleepFor(absl::Duration duration) override {
    absl::MutexLock lock(&mu_);
    now_ += duration;
    slept_ += duration;
  }
  void Advance(absl::Duration duration) {
    absl::MutexLock lock(&mu_);
    now_ += duration;
  }
  // Total time "slept" through SleepFor.
  absl::Duration slept() {
    absl::MutexLock lock(&mu_);
    return slept_;
  }

 private:
  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  absl::Duration slept_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::testing

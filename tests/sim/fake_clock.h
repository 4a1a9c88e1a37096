// A clock for the simulator's unit tests: time moves only when told.
#pragma once

#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"

namespace hitl::sim::testing {

class FakeClock final : public Clock {
 public:
  absl::Time Now() override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void SleepFor(absl::Duration duration) override { Advance(duration); }
  void Advance(absl::Duration duration) {
    absl::MutexLock lock(&mu_);
    now_ += duration;
  }

 private:
  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_) = absl::FromUnixSeconds(1750000000);
};

}  // namespace hitl::sim::testing

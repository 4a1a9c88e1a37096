// Time as a dependency, so retry and expiry logic is tested without waiting.
//
// Implementations are thread-safe.
#pragma once

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace hitl {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
  // Blocks the calling thread for `duration` (a fake clock only advances).
  virtual void SleepFor(absl::Duration duration) = 0;
};

class RealClock final : public Clock {
 public:
  absl::Time Now() override { return absl::Now(); }
  void SleepFor(absl::Duration duration) override { absl::SleepFor(duration); }
  // The process-wide instance.
  static RealClock& Instance() {
    static RealClock clock;
    return clock;
  }
};

}  // namespace hitl

// Counts the calls a service has in progress, so shutdown can stop taking
// new ones and wait for the rest to end (then close gRPC at once, instead of
// waiting for every client to drop its connection).
//
// Thread-safe.
#pragma once

#include <optional>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hitl::grpc_api {

class CallTracker {
 public:
  // Held by a call for its life.
  class Ticket {
   public:
    explicit Ticket(CallTracker* tracker) : tracker_(tracker) {}
    Ticket(Ticket&& other) noexcept : tracker_(other.tracker_) { other.tracker_ = nullptr; }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket() {
      if (tracker_ != nullptr) tracker_->Leave();
    }

   private:
    CallTracker* tracker_;
  };

  // A ticket for a new call; nullopt once Close has run.
  std::optional<Ticket> Enter() {
    absl::MutexLock lock(&mu_);
    if (closed_) return std::nullopt;
    ++in_progress_;
    return std::optional<Ticket>(std::in_place, this);
  }
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }
  // True once no call is in progress; false if `deadline` came first.
  bool AwaitIdle(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return in_progress_ == 0; };
    return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
  }

 private:
  void Leave() {
    absl::MutexLock lock(&mu_);
    --in_progress_;
  }

  absl::Mutex mu_;
  int in_progress_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace hitl::grpc_api

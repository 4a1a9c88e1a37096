// Runs tasks at a later time on one thread of its own: webhook retries and
// auto-agent replies. Tasks must be short (hand blocking work to an
// executor); tasks due at the same time run in the order they were added.
//
// Thread-safe. Stop() drops tasks that are not yet due and joins.
#pragma once

#include <functional>
#include <map>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hitl::sim {

class Scheduler {
 public:
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `task` once `delay` has passed; false (task dropped) once stopped.
  bool RunAfter(absl::Duration delay, std::function<void()> task);

  void Stop();

 private:
  void Run();

  absl::Mutex mu_;
  absl::CondVar changed_;
  std::multimap<absl::Time, std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace hitl::sim

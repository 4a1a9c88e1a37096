#include "tools/livechat-sim/scheduler.h"

#include "absl/time/clock.h"

namespace hitl::sim {

Scheduler::Scheduler() : thread_([this] { Run(); }) {}

Scheduler::~Scheduler() { Stop(); }

bool Scheduler::RunAfter(absl::Duration delay, std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  tasks_.emplace(absl::Now() + delay, std::move(task));
  changed_.Signal();
  return true;
}

void Scheduler::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    tasks_.clear();
    changed_.Signal();
  }
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Run() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    if (tasks_.empty()) {
      changed_.Wait(&mu_);
      continue;
    }
    auto next = tasks_.begin();
    if (next->first > absl::Now()) {
      changed_.WaitWithDeadline(&mu_, next->first);
      continue;
    }
    std::function<void()> task = std::move(next->second);
    tasks_.erase(next);
    mu_.Unlock();
    task();
    mu_.Lock();
  }
}

}  // namespace hitl::sim

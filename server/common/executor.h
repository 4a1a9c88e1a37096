// A fixed pool of threads running posted tasks, for the blocking work that
// gRPC callback reactions must not do themselves (HTTPS calls to LiveChat,
// store reads). The queue is bounded so overload is refused, not buffered
// without end.
//
// Thread-safe. The destructor runs every task already accepted, then joins.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace hitl {

class Executor {
 public:
  Executor(size_t threads, size_t max_queued);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues `task`; false when the queue is full or the executor is stopping.
  [[nodiscard]] bool Post(std::function<void()> task);

  // Stops accepting tasks, finishes the queued ones and joins the threads.
  void Shutdown();

 private:
  void Run();

  const size_t max_queued_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace hitl

// The deadline of the call being served on this thread, so deep code (the
// LiveChat retry loop) can give up in time to answer the caller with a
// meaningful error instead of the caller timing out first.
//
// Thread-compatible: each thread has its own.
#pragma once

#include "absl/time/time.h"

namespace hitl {

// Sets this thread's call deadline for its lifetime (nests; restores).
class ScopedCallDeadline {
 public:
  explicit ScopedCallDeadline(absl::Time deadline);
  ~ScopedCallDeadline();
  ScopedCallDeadline(const ScopedCallDeadline&) = delete;
  ScopedCallDeadline& operator=(const ScopedCallDeadline&) = delete;

 private:
  absl::Time previous_;
};

// This thread's call deadline; InfiniteFuture outside any call.
absl::Time CurrentCallDeadline();

}  // namespace hitl

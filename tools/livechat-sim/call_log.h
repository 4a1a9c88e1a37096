// Every simulated LiveChat API call, in the order they were answered, so
// tests can assert on retries ("send_event was called twice").
//
// Thread-safe.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace hitl::sim {

struct CallRecord {
  std::string api;         // "agent" | "customer" | "configuration" | "accounts"
  std::string action;      // "send_event", "customer_token", ...
  int status = 0;          // HTTP status answered
  std::string error_type;  // LiveChat error type (or OAuth exception); "" on success
};

class CallLog {
 public:
  explicit CallLog(size_t max_records = 100000) : max_records_(max_records) {}

  void Add(CallRecord record) {
    absl::MutexLock lock(&mu_);
    records_.push_back(std::move(record));
    while (records_.size() > max_records_) records_.pop_front();
  }
  std::vector<CallRecord> List() const {
    absl::MutexLock lock(&mu_);
    return {records_.begin(), records_.end()};
  }
  void Clear() {
    absl::MutexLock lock(&mu_);
    records_.clear();
  }

 private:
  const size_t max_records_;
  mutable absl::Mutex mu_;
  std::deque<CallRecord> records_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::sim

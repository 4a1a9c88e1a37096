// Mutual exclusion per key (e.g. per idempotency key), with no lock kept for
// keys nobody holds.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"

namespace hitl {

class KeyedMutex {
 public:
  // Holds the key's lock until destroyed.
  class Lock {
   public:
    Lock(KeyedMutex& owner, std::string key);
    ~Lock();
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

   private:
    KeyedMutex& owner_;
    std::string key_;
    std::shared_ptr<absl::Mutex> mutex_;
  };

 private:
  struct Entry {
    std::shared_ptr<absl::Mutex> mutex = std::make_shared<absl::Mutex>();
    int users = 0;
  };
  absl::Mutex mu_;
  std::map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl

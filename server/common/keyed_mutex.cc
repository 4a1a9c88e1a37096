#include "server/common/keyed_mutex.h"

namespace hitl {

KeyedMutex::Lock::Lock(KeyedMutex& owner, std::string key)
    : owner_(owner), key_(std::move(key)) {
  {
    absl::MutexLock lock(&owner_.mu_);
    Entry& entry = owner_.entries_[key_];
    ++entry.users;
    mutex_ = entry.mutex;
  }
  mutex_->Lock();
}

KeyedMutex::Lock::~Lock() {
  mutex_->Unlock();
  absl::MutexLock lock(&owner_.mu_);
  auto it = owner_.entries_.find(key_);
  if (--it->second.users == 0) owner_.entries_.erase(it);
}

}  // namespace hitl

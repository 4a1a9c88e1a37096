// Which session a LiveChat chat belongs to, remembered by one replica so a
// webhook's lookup costs one Redis round trip instead of two. The binding
// never changes while the session exists; callers check the record they
// then read (its chat_id) and Forget a binding that no longer holds (the
// session was deleted by retention). Bounded: when full it starts over.
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace hitl::store {

class ChatSessionCache {
 public:
  explicit ChatSessionCache(size_t capacity = 100000) : capacity_(capacity) {}

  std::optional<std::string> Find(absl::string_view chat_id) const {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(chat_id);
    if (it == sessions_.end()) return std::nullopt;
    return it->second;
  }
  void Remember(absl::string_view chat_id, absl::string_view session_id) {
    absl::MutexLock lock(&mu_);
    if (sessions_.size() >= capacity_) sessions_.clear();  // cheap, and rare
    sessions_.insert_or_assign(std::string(chat_id), std::string(session_id));
  }
  void Forget(absl::string_view chat_id) {
    absl::MutexLock lock(&mu_);
    sessions_.erase(chat_id);
  }

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> sessions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::store

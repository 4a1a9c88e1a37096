// The latest record of each session this replica read or wrote, by chat.
// A webhook's write then starts from memory (no Redis round trip), and an
// exact lookup by chat costs one read instead of two (the chat's session
// never changes while the session exists).
//
// A remembered record may be older than the stored one (another replica
// wrote since) or of a session since deleted: it is only a starting point
// for a compare-and-set, which then fails and re-reads. Records hold the
// customer's secrets, as every record in memory does; nothing here logs.
// Bounded: when full it starts over.
//
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/store/session_record.h"

namespace hitl::store {

class RecentSessions {
 public:
  explicit RecentSessions(size_t capacity = 20000) : capacity_(capacity) {}

  std::optional<SessionRecord> Find(absl::string_view chat_id) const {
    std::shared_ptr<const SessionRecord> found;
    {
      absl::MutexLock lock(&mu_);
      auto it = sessions_.find(chat_id);
      if (it == sessions_.end()) return std::nullopt;
      found = it->second;
    }
    return *found;  // copied outside the lock
  }

  // Keeps `session` unless a newer version of it is remembered already
  // (writers on several threads finish in any order).
  void Remember(const SessionRecord& session) {
    auto kept = std::make_shared<const SessionRecord>(session);
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(session.chat_id);
    if (it != sessions_.end()) {
      const SessionRecord& known = *it->second;
      if (known.session_id == session.session_id && known.version >= session.version) return;
      it->second = std::move(kept);
      return;
    }
    if (sessions_.size() >= capacity_) sessions_.clear();  // cheap, and rare
    sessions_.emplace(session.chat_id, std::move(kept));
  }

  void Forget(absl::string_view chat_id) {
    absl::MutexLock lock(&mu_);
    sessions_.erase(chat_id);
  }

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const SessionRecord>> sessions_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::store

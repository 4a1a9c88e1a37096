#include "server/events/event_log.h"

#include <algorithm>

#include "server/common/errors.h"

namespace hitl::events {

EventLog::EventLog(store::Journal& journal, store::SessionStore& sessions, Executor& executor,
                   size_t queue_limit, JournalFeedOptions feed)
    : journal_(journal),
      sessions_(sessions),
      executor_(executor),
      queue_limit_(queue_limit),
      feed_(journal, feed) {}

EventLog::~EventLog() { feed_.Stop(); }

absl::Status EventLog::Start() { return feed_.Start(); }

absl::StatusOr<std::shared_ptr<Subscription>> EventLog::Subscribe(
    std::vector<std::string> session_ids, std::optional<int64_t> after_seq) {
  {
    absl::MutexLock lock(&mu_);
    if (closed_) return *closed_;
  }
  auto last = journal_.LastSeq();
  if (!last.ok()) return last.status();
  auto pruned = journal_.PrunedThrough();
  if (!pruned.ok()) return pruned.status();
  if (after_seq && *after_seq < *pruned) {
    return MakeError(absl::StatusCode::kOutOfRange, reason::kCursorExpired,
                     "after_cursor is older than the journal's retention: the events "
                     "after it are gone. Call GetSession for each session you follow "
                     "to resync, then subscribe with an empty after_cursor",
                     {{"field", "after_cursor"}});
  }
  if (after_seq && *after_seq > *last) {
    return MakeError(absl::StatusCode::kOutOfRange, reason::kCursorInvalid,
                     "after_cursor is ahead of this gateway's journal (was it issued by "
                     "another deployment?); subscribe with an empty after_cursor",
                     {{"field", "after_cursor"}});
  }
  // Without a cursor, a stream of given sessions starts at their beginning
  // (so nothing between StartHitl and the subscription is missed); a stream
  // of all sessions starts now.
  const int64_t start = after_seq ? *after_seq : session_ids.empty() ? *last : 0;
  std::set<std::string> open_sessions;
  for (const std::string& id : session_ids) {
    auto session = sessions_.GetSession(id);
    if (!session.ok()) return Annotate(session.status(), "session_ids");
    // An end already sent, or removed by retention, will not come again.
    // (A session ending from here on has its ended event after `start`.)
    bool end_behind = session->ended() &&
                      (session->ended_seq <= start || session->ended_seq <= *pruned);
    if (!end_behind) open_sessions.insert(id);
  }
  const bool all_over = !session_ids.empty() && open_sessions.empty();
  auto subscription = std::make_shared<Subscription>(*this, std::move(session_ids), start,
                                                     std::max(start, *pruned),
                                                     std::move(open_sessions), queue_limit_);
  {
    absl::MutexLock lock(&mu_);
    if (closed_) return *closed_;
    all_.insert(subscription);
  }
  if (all_over) {
    subscription->Terminate(absl::OkStatus());  // every session already over
    Unregister(subscription.get());
  } else if (start == *last) {
    // At the head already: straight to live delivery, no read needed.
    auto joined = feed_.TryJoin(subscription, start);
    if (!joined.ok()) {
      Unregister(subscription.get());
      return joined.status();
    }
  }
  return subscription;
}

void EventLog::Unregister(Subscription* subscription) {
  absl::MutexLock lock(&mu_);
  for (auto it = all_.begin(); it != all_.end(); ++it) {
    if (it->get() == subscription) {
      all_.erase(it);
      return;
    }
  }
}

void EventLog::CloseAll(const absl::Status& status) {
  std::set<std::shared_ptr<Subscription>> all;
  {
    absl::MutexLock lock(&mu_);
    closed_ = status;
    all.swap(all_);
  }
  feed_.Close(status);
  for (const auto& subscription : all) {
    if (subscription->Terminate(status)) subscription->Wake();
  }
  feed_.Stop();
}

size_t EventLog::subscriber_count() {
  absl::MutexLock lock(&mu_);
  // A stream the feed ended (too slow, store failure) is gone for good even
  // before its call notices.
  for (auto it = all_.begin(); it != all_.end();) {
    it = (*it)->finished() ? all_.erase(it) : std::next(it);
  }
  return all_.size();
}

}  // namespace hitl::events

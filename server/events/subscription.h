// One subscriber's stream of agent events: it first catches up from the
// store (in pages, on the executor), then joins its process's journal feed
// for live delivery, with neither a gap nor a duplicate at the seam. Live
// events wait in a bounded queue; one that overflows ends the stream with
// RESOURCE_EXHAUSTED (the client resumes from its cursor) and never slows
// the others. A stream of given sessions ends OK after the last one's
// ended event.
//
// Thread-safe. Made by EventLog::Subscribe.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/events/event_codec.h"
#include "server/store/journal.h"

namespace hitl::events {

class EventLog;
class JournalFeed;

class Subscription : public std::enable_shared_from_this<Subscription> {
 public:
  enum class Poll { kEvent, kWait, kFinished };

  // Called (from any thread, without locks held) when Next may have
  // something new. Set it before the first Next.
  void SetWakeup(std::function<void()> wakeup);
  // Non-blocking. kEvent fills `out`; kWait: call again after the wakeup;
  // kFinished: the stream is over with status().
  Poll Next(StoredEvent* out);
  absl::Status status() const;
  // Stops delivery and unregisters (idempotent).
  void Cancel();
  // The journal position the stream starts after: a client that has seen no
  // event yet resumes from here.
  int64_t start_seq() const { return start_seq_; }

  // Construction is EventLog's. `start_seq` is what start_seq() reports:
  // `after_seq`, or the retention's horizon if later (so resuming from it
  // is never an expired cursor).
  Subscription(EventLog& log, std::vector<std::string> session_ids, int64_t after_seq,
               int64_t start_seq, std::set<std::string> open_sessions, size_t queue_limit);

 private:
  friend class EventLog;
  friend class JournalFeed;
  enum class Mode { kCatchingUp, kFetching, kLive, kDone };

  // Runs on the executor: one page from the store, then (at the head) the
  // switch to the live feed.
  void Fetch();
  // Queues events read from the store or the feed's ring (catch-up), ahead
  // of live ones; skips those at or before the last seq queued.
  void QueueBacklog(const std::vector<store::JournalEntry>& page)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void QueueBacklog(const StoredEvent& event) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // From JournalFeed::TryJoin under the feed's lock: queues what the feed
  // passed since this stream's last read and switches to live delivery.
  // False if the stream has ended.
  bool JoinLive(const std::deque<StoredEvent>& recent);
  // From the feed under its lock; returns true if a wakeup is due.
  bool Offer(const StoredEvent& event);
  // Ends the stream; returns true if a wakeup is due.
  bool Terminate(absl::Status status);
  // Ends the stream with `status`, dropping whatever is queued.
  void FinishLocked(absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool finished() const;
  bool Matches(const std::string& session_id) const;
  void Wake();
  // Leaves the feed and the log's registry.
  void Unregister();

  EventLog& log_;
  const std::vector<std::string> session_ids_;
  const size_t queue_limit_;
  const int64_t start_seq_;

  mutable absl::Mutex mu_;
  Mode mode_ ABSL_GUARDED_BY(mu_) = Mode::kCatchingUp;
  int64_t last_seq_ ABSL_GUARDED_BY(mu_);  // last seq queued (or skipped)
  std::deque<StoredEvent> queue_ ABSL_GUARDED_BY(mu_);
  // How many of the queue's first events came from catch-up: only the
  // rest, the live ones, count against the queue limit.
  size_t backlog_ ABSL_GUARDED_BY(mu_) = 0;
  // Requested sessions whose ended event is still to come; the stream ends
  // with OK once it is empty (only when sessions were requested).
  std::set<std::string> open_sessions_ ABSL_GUARDED_BY(mu_);
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::function<void()> wakeup_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::events

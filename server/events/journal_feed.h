// Each process's one reader of the journal's head. It tails the store
// (WaitForEntries: SQLite wakes it after a commit in this process; Redis
// blocks in XREAD and sees the commits of every replica), keeps the newest
// events in a ring, and offers each one, in journal order, to this
// process's live subscriptions. Writers never publish: whoever commits,
// on whichever replica, every subscriber gets the event from its own feed.
//
// A subscription that caught up from the store joins with TryJoin: what the
// feed passed since that subscription's last read comes from the ring, so
// there is neither a gap nor a duplicate at the seam, and no store query
// runs under the feed's lock.
//
// While the store cannot be read, live subscriptions end with UNAVAILABLE
// (clients resume from their cursor) and the feed retries from where it
// stopped, so nothing is skipped once the store is back.
//
// Thread-safe. Lock order: the feed's lock, then a subscription's.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/events/event_codec.h"
#include "server/events/subscription.h"
#include "server/store/journal.h"

namespace hitl::events {

struct JournalFeedOptions {
  int page = 256;               // entries per read
  size_t ring = 4096;           // newest events kept for joining subscribers
  absl::Duration wait = absl::Milliseconds(500);  // longest blocking read
  absl::Duration retry_min = absl::Milliseconds(50);
  absl::Duration retry_max = absl::Seconds(2);
};

class JournalFeed {
 public:
  JournalFeed(store::Journal& journal, JournalFeedOptions options);
  ~JournalFeed();

  // Starts tailing after the journal's current head.
  absl::Status Start();
  // Stops tailing (waits for the reader thread; at most one `wait`).
  void Stop();

  enum class Join { kJoined, kTooOld };
  // Moves `subscription` to live delivery, queueing the ring's events after
  // `after_seq`; kTooOld when the ring no longer reaches back that far (read
  // more from the store, then try again); the Close status once closed. A
  // subscription that joins while the store is failing waits: the feed goes
  // on from its position once a read succeeds.
  absl::StatusOr<Join> TryJoin(const std::shared_ptr<Subscription>& subscription,
                               int64_t after_seq);
  void Leave(Subscription* subscription);
  // Ends every live subscription with `status` and refuses joins (shutdown).
  void Close(const absl::Status& status);

  // The seq of the last entry handed out.
  int64_t position();

 private:
  void Run();
  // Hands `events` (all after the position, read through seq `through`) to
  // the live subscriptions.
  void Publish(std::vector<StoredEvent> events, int64_t through);
  void Offer(StoredEvent event);
  // Ends live subscriptions after a failed read; remembers why.
  void Fail(const absl::Status& status);
  bool stopping();

  store::Journal& journal_;
  const JournalFeedOptions options_;
  std::thread reader_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  // The ring holds every event with seq in (ring_start_, position_].
  int64_t ring_start_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<StoredEvent> ring_ ABSL_GUARDED_BY(mu_);
  std::set<std::shared_ptr<Subscription>> live_ ABSL_GUARDED_BY(mu_);
  // Why joining is refused, once closed.
  std::optional<absl::Status> closed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::events

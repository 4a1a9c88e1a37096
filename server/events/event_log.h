// The event journal with live fan-out. Appends are serialised: each commit is
// made durable in the store and then offered to every live subscription
// before the next commit starts, so subscribers see events in journal order.
// A subscription first catches up from the store (in pages, on the executor),
// then switches to live delivery under the append lock, so there is neither a
// gap nor a duplicate at the seam. Live events wait in a bounded queue per
// subscription; one that overflows is ended with RESOURCE_EXHAUSTED (it
// resumes from its cursor) and never slows the others.
//
// Thread-safe. Lock order: append lock, then the subscriber-set lock, then a
// subscription's lock. Unsubscribing takes only the subscriber-set lock, so
// a gRPC reaction never waits behind a commit's fsync.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "hitl/v1/hitl.pb.h"
#include "server/common/executor.h"
#include "server/store/store.h"

namespace hitl::events {

// A journaled event as subscribers get it (cursor filled in).
struct StoredEvent {
  int64_t seq = 0;
  hitl::v1::AgentEvent event;
};

// Decodes a journal entry written by EventLog.
absl::StatusOr<StoredEvent> DecodeEntry(const store::JournalEntry& entry);
// Encodes `event` (without cursor) as a journal entry for `session_id`.
store::JournalEntry EncodeEntry(const hitl::v1::AgentEvent& event, absl::Time recorded_at);

class EventLog;

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

  // Construction is EventLog's.
  // `start_seq` is what start_seq() reports: `after_seq`, or the retention's
  // horizon if later (so resuming from it is never an expired cursor).
  Subscription(EventLog& log, std::vector<std::string> session_ids, int64_t after_seq,
               int64_t start_seq, std::set<std::string> open_sessions, size_t queue_limit);

 private:
  friend class EventLog;
  enum class Mode { kCatchingUp, kFetching, kLive, kDone };

  // Runs on the executor: one page from the store, or the switch to live.
  void Fetch();
  // Queues events read from the store (catch-up), ahead of live ones.
  void QueueBacklog(const std::vector<store::JournalEntry>& page)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // From EventLog::GoLive under the append lock: queues the last pages read
  // and, with `go_live`, switches to live delivery. False if already ended.
  bool TakeBacklog(const std::vector<store::JournalEntry>& page, bool go_live);
  // From EventLog under the append lock; returns true if a wakeup is due.
  bool Offer(const StoredEvent& event);
  // Ends the stream; returns true if a wakeup is due.
  bool Terminate(absl::Status status);
  // Ends the stream with `status`, dropping whatever is queued.
  void FinishLocked(absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool Matches(const std::string& session_id) const;
  void Wake();

  EventLog& log_;
  const std::vector<std::string> session_ids_;
  const size_t queue_limit_;
  const int64_t start_seq_;

  mutable absl::Mutex mu_;
  Mode mode_ ABSL_GUARDED_BY(mu_) = Mode::kCatchingUp;
  int64_t last_seq_ ABSL_GUARDED_BY(mu_);  // last seq queued (or skipped)
  std::deque<StoredEvent> queue_ ABSL_GUARDED_BY(mu_);
  // How many of the queue's first events came from the store (catch-up):
  // only the rest, the live ones, count against the queue limit.
  size_t backlog_ ABSL_GUARDED_BY(mu_) = 0;
  // Requested sessions whose ended event is still to come; the stream ends
  // with OK once it is empty (only when sessions were requested).
  std::set<std::string> open_sessions_ ABSL_GUARDED_BY(mu_);
  bool finish_after_queue_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::function<void()> wakeup_ ABSL_GUARDED_BY(mu_);
};

class EventLog {
 public:
  // Events of one catch-up read.
  static constexpr int kPageSize = 256;

  EventLog(store::Store& store, Executor& executor, size_t queue_limit);

  // Builds a commit under the append lock (so it may read the latest session
  // state and decide), writes it, and publishes what it appended. `build`
  // returns nullopt when there is nothing to write.
  using BuildFn = std::function<absl::StatusOr<std::optional<store::JournalCommit>>()>;
  absl::StatusOr<store::CommitResult> Append(const BuildFn& build);

  // A subscription to `session_ids` (empty: all) after `after_seq`. Without
  // a cursor: from the sessions' beginning when sessions are given, else
  // live from now. OUT_OF_RANGE when the cursor is older than the journal's
  // retention or newer than its head.
  absl::StatusOr<std::shared_ptr<Subscription>> Subscribe(
      std::vector<std::string> session_ids, std::optional<int64_t> after_seq);

  // Ends every subscription with `status` and refuses new ones (shutdown).
  void CloseAll(const absl::Status& status);

  size_t subscriber_count();

 private:
  friend class Subscription;
  // Moves `subscription` to live delivery, queueing what was appended since
  // `after_seq` (nothing if it ended meanwhile).
  absl::Status GoLive(const std::shared_ptr<Subscription>& subscription, int64_t after_seq);
  void Unregister(Subscription* subscription);

  store::Store& store_;
  Executor& executor_;
  const size_t queue_limit_;
  // Serialises commits with their publication, and the switch to live.
  absl::Mutex append_mu_;
  absl::Mutex subs_mu_ ABSL_ACQUIRED_AFTER(append_mu_);
  // Every open subscription, and those of them already receiving live events.
  std::set<std::shared_ptr<Subscription>> all_ ABSL_GUARDED_BY(subs_mu_);
  std::set<std::shared_ptr<Subscription>> live_ ABSL_GUARDED_BY(subs_mu_);
  std::optional<absl::Status> closed_ ABSL_GUARDED_BY(subs_mu_);
};

}  // namespace hitl::events

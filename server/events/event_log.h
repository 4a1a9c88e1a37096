// Subscriptions to the journal of agent events. Writers commit through the
// store (store::CommitWith); this process's JournalFeed reads every commit
// back from the store, whichever replica made it, and hands it to the live
// subscriptions here. A subscription first catches up from the store, then
// joins the feed (see Subscription).
//
// Thread-safe. Subscribe reads the store: call it off gRPC's threads.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/common/executor.h"
#include "server/events/event_codec.h"
#include "server/events/journal_feed.h"
#include "server/events/subscription.h"
#include "server/store/journal.h"
#include "server/store/session_store.h"

namespace hitl::events {

class EventLog {
 public:
  // Events of one catch-up read.
  static constexpr int kPageSize = 256;

  EventLog(store::Journal& journal, store::SessionStore& sessions, Executor& executor,
           size_t queue_limit, JournalFeedOptions feed = {});
  ~EventLog();

  // Starts the feed after the journal's current head.
  absl::Status Start();

  // A subscription to `session_ids` (empty: all) after `after_seq`. Without
  // a cursor: from the sessions' beginning when sessions are given, else
  // live from now. OUT_OF_RANGE when the cursor is older than the journal's
  // retention or newer than its head; NOT_FOUND for an unknown session.
  absl::StatusOr<std::shared_ptr<Subscription>> Subscribe(
      std::vector<std::string> session_ids, std::optional<int64_t> after_seq);

  // Ends every subscription with `status`, refuses new ones and stops the
  // feed (shutdown).
  void CloseAll(const absl::Status& status);

  size_t subscriber_count();

 private:
  friend class Subscription;
  void Unregister(Subscription* subscription);

  store::Journal& journal_;
  store::SessionStore& sessions_;
  Executor& executor_;
  const size_t queue_limit_;
  JournalFeed feed_;
  absl::Mutex mu_;
  // Every open subscription (for CloseAll and the metrics).
  std::set<std::shared_ptr<Subscription>> all_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> closed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::events

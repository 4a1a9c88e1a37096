#include "server/events/event_log.h"

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/events/cursor.h"

namespace hitl::events {

absl::StatusOr<StoredEvent> DecodeEntry(const store::JournalEntry& entry) {
  StoredEvent stored;
  stored.seq = entry.seq;
  if (!stored.event.ParseFromString(entry.payload)) {
    return MakeError(absl::StatusCode::kDataLoss, reason::kStoreFailure,
                     absl::StrCat("journal entry ", entry.seq, " is corrupt"));
  }
  stored.event.set_cursor(EncodeCursor(entry.seq));
  return stored;
}

store::JournalEntry EncodeEntry(const hitl::v1::AgentEvent& event, absl::Time recorded_at) {
  return store::JournalEntry{.session_id = event.session_id(),
                             .recorded_at = recorded_at,
                             .payload = event.SerializeAsString()};
}

// ---------------------------------------------------------------- Subscription

Subscription::Subscription(EventLog& log, std::vector<std::string> session_ids,
                           int64_t after_seq, int64_t start_seq,
                           std::set<std::string> open_sessions, size_t queue_limit)
    : log_(log),
      session_ids_(std::move(session_ids)),
      queue_limit_(queue_limit),
      start_seq_(start_seq),
      last_seq_(after_seq),
      open_sessions_(std::move(open_sessions)) {}

void Subscription::SetWakeup(std::function<void()> wakeup) {
  absl::MutexLock lock(&mu_);
  wakeup_ = std::move(wakeup);
}

void Subscription::Wake() {
  std::function<void()> wakeup;
  {
    absl::MutexLock lock(&mu_);
    wakeup = wakeup_;
  }
  if (wakeup) wakeup();
}

absl::Status Subscription::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

bool Subscription::Matches(const std::string& session_id) const {
  if (session_ids_.empty()) return true;
  return std::find(session_ids_.begin(), session_ids_.end(), session_id) !=
         session_ids_.end();
}

Subscription::Poll Subscription::Next(StoredEvent* out) {
  enum class Step { kEvent, kLastEvent, kFetch, kWait, kOver } step;
  {
    absl::MutexLock lock(&mu_);
    if (!queue_.empty()) {
      *out = std::move(queue_.front());
      queue_.pop_front();
      if (backlog_ > 0) --backlog_;
      step = Step::kEvent;
      if (out->event.has_session_ended() && open_sessions_.erase(out->event.session_id()) &&
          open_sessions_.empty() && !session_ids_.empty()) {
        // Every requested session has ended: nothing more can come.
        FinishLocked(absl::OkStatus());
        step = Step::kLastEvent;
      }
    } else if (mode_ == Mode::kDone) {
      step = Step::kOver;
    } else if (mode_ == Mode::kCatchingUp) {
      mode_ = Mode::kFetching;
      step = Step::kFetch;
    } else {
      step = Step::kWait;
    }
  }
  switch (step) {
    case Step::kEvent:
      return Poll::kEvent;
    case Step::kLastEvent:
      log_.Unregister(this);
      return Poll::kEvent;
    case Step::kOver:
      return Poll::kFinished;
    case Step::kWait:
      return Poll::kWait;
    case Step::kFetch:
      break;
  }
  auto self = shared_from_this();
  if (!log_.executor_.Post([self] { self->Fetch(); })) {
    Terminate(MakeError(absl::StatusCode::kUnavailable, reason::kOverloaded,
                        "the gateway is overloaded; resubscribe with your last cursor "
                        "shortly"));
    log_.Unregister(this);
    return Poll::kFinished;
  }
  return Poll::kWait;
}

void Subscription::Fetch() {
  int64_t after;
  {
    absl::MutexLock lock(&mu_);
    if (mode_ != Mode::kFetching) return;
    after = last_seq_;
  }
  auto page = log_.store_.ReadJournal(after, session_ids_, EventLog::kPageSize);
  if (!page.ok()) {
    if (Terminate(page.status())) log_.Unregister(this);
    Wake();
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    if (mode_ != Mode::kFetching) return;  // cancelled meanwhile
    QueueBacklog(*page);
    if (page->size() == static_cast<size_t>(EventLog::kPageSize)) {
      mode_ = Mode::kCatchingUp;  // more to read once this page is sent
    }
  }
  if (page->size() < static_cast<size_t>(EventLog::kPageSize)) {
    int64_t last;
    {
      absl::MutexLock lock(&mu_);
      last = last_seq_;
    }
    absl::Status live = log_.GoLive(shared_from_this(), last);
    if (!live.ok() && Terminate(std::move(live))) log_.Unregister(this);
  }
  Wake();
}

void Subscription::QueueBacklog(const std::vector<store::JournalEntry>& page) {
  for (const store::JournalEntry& entry : page) {
    auto stored = DecodeEntry(entry);
    last_seq_ = entry.seq;
    if (stored.ok()) {
      queue_.push_back(*std::move(stored));
      ++backlog_;
    }
  }
}

bool Subscription::TakeBacklog(const std::vector<store::JournalEntry>& page, bool go_live) {
  absl::MutexLock lock(&mu_);
  if (mode_ == Mode::kDone) return false;
  QueueBacklog(page);
  if (go_live) mode_ = Mode::kLive;
  return true;
}

bool Subscription::Offer(const StoredEvent& event) {
  absl::MutexLock lock(&mu_);
  if (mode_ != Mode::kLive || event.seq <= last_seq_ ||
      !Matches(event.event.session_id())) {
    return false;
  }
  if (queue_.size() - backlog_ >= queue_limit_) {
    FinishLocked(MakeError(
        absl::StatusCode::kResourceExhausted, reason::kSubscriberTooSlow,
        absl::StrCat("this subscriber fell more than ", queue_limit_,
                     " events behind and was dropped; resubscribe with the cursor of "
                     "the last event you processed")));
    return true;
  }
  last_seq_ = event.seq;
  queue_.push_back(event);
  return true;
}

bool Subscription::Terminate(absl::Status status) {
  absl::MutexLock lock(&mu_);
  if (mode_ == Mode::kDone) return false;
  FinishLocked(std::move(status));
  return true;
}

void Subscription::FinishLocked(absl::Status status) {
  mode_ = Mode::kDone;
  queue_.clear();
  backlog_ = 0;
  status_ = std::move(status);
}

void Subscription::Cancel() {
  {
    absl::MutexLock lock(&mu_);
    FinishLocked(status_);  // a cancelled stream keeps the status it had
    wakeup_ = nullptr;
  }
  log_.Unregister(this);
}

// ---------------------------------------------------------------- EventLog

EventLog::EventLog(store::Store& store, Executor& executor, size_t queue_limit)
    : store_(store), executor_(executor), queue_limit_(queue_limit) {}

absl::StatusOr<store::CommitResult> EventLog::Append(const BuildFn& build) {
  std::vector<std::shared_ptr<Subscription>> to_wake;
  absl::StatusOr<store::CommitResult> result;
  {
    absl::MutexLock lock(&append_mu_);
    auto commit = build();
    if (!commit.ok()) return commit.status();
    if (!commit->has_value()) return store::CommitResult{};
    result = store_.Commit(**commit);
    if (!result.ok()) return result;
    absl::MutexLock subs_lock(&subs_mu_);
    if (!live_.empty()) {
      for (const store::JournalEntry& entry : result->appended) {
        auto stored = DecodeEntry(entry);
        if (!stored.ok()) continue;
        for (const auto& subscription : live_) {
          if (subscription->Offer(*stored)) to_wake.push_back(subscription);
        }
      }
    }
    // Overflowed subscriptions leave at once.
    for (auto* set : {&live_, &all_}) {
      for (auto it = set->begin(); it != set->end();) {
        absl::MutexLock sub_lock(&(*it)->mu_);
        it = (*it)->mode_ == Subscription::Mode::kDone ? set->erase(it) : std::next(it);
      }
    }
  }
  for (const auto& subscription : to_wake) subscription->Wake();
  return result;
}

absl::StatusOr<std::shared_ptr<Subscription>> EventLog::Subscribe(
    std::vector<std::string> session_ids, std::optional<int64_t> after_seq) {
  absl::MutexLock lock(&append_mu_);
  {
    absl::MutexLock subs_lock(&subs_mu_);
    if (closed_) return *closed_;
  }
  // Under the append lock nothing is journaled meanwhile, so "live from now"
  // and the ended-session checks below are exact.
  auto last = store_.LastSeq();
  if (!last.ok()) return last.status();
  auto pruned = store_.PrunedThrough();
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
    auto session = store_.GetSession(id);
    if (!session.ok()) return Annotate(session.status(), "session_ids");
    // An end already sent, or removed by retention, will not come again.
    bool end_behind = session->ended() &&
                      (session->ended_seq <= start || session->ended_seq <= *pruned);
    if (!end_behind) open_sessions.insert(id);
  }
  auto subscription = std::make_shared<Subscription>(*this, std::move(session_ids), start,
                                                     std::max(start, *pruned),
                                                     std::move(open_sessions), queue_limit_);
  absl::MutexLock subs_lock(&subs_mu_);
  {
    absl::MutexLock sub_lock(&subscription->mu_);
    if (!subscription->session_ids_.empty() && subscription->open_sessions_.empty()) {
      subscription->mode_ = Subscription::Mode::kDone;  // every session already over
    } else if (start == *last) {
      subscription->mode_ = Subscription::Mode::kLive;
    }
    if (subscription->mode_ == Subscription::Mode::kLive) live_.insert(subscription);
  }
  all_.insert(subscription);
  return subscription;
}

absl::Status EventLog::GoLive(const std::shared_ptr<Subscription>& subscription,
                              int64_t after_seq) {
  absl::MutexLock lock(&append_mu_);
  {
    absl::MutexLock subs_lock(&subs_mu_);
    if (closed_) return *closed_;
  }
  int64_t last = after_seq;
  while (true) {
    auto page = store_.ReadJournal(last, subscription->session_ids_, kPageSize);
    if (!page.ok()) return page.status();
    if (!page->empty()) last = page->back().seq;
    const bool final_page = page->size() < static_cast<size_t>(kPageSize);
    if (!subscription->TakeBacklog(*page, final_page)) return absl::OkStatus();  // ended
    if (final_page) {
      // Still under the append lock: no event can slip in before this.
      absl::MutexLock subs_lock(&subs_mu_);
      live_.insert(subscription);
      return absl::OkStatus();
    }
  }
}

void EventLog::Unregister(Subscription* subscription) {
  absl::MutexLock lock(&subs_mu_);
  for (auto* set : {&live_, &all_}) {
    for (auto it = set->begin(); it != set->end(); ++it) {
      if (it->get() == subscription) {
        set->erase(it);
        break;
      }
    }
  }
}

void EventLog::CloseAll(const absl::Status& status) {
  std::vector<std::shared_ptr<Subscription>> to_wake;
  {
    absl::MutexLock lock(&subs_mu_);
    closed_ = status;
    for (auto* set : {&live_, &all_}) {
      for (const auto& subscription : *set) {
        if (subscription->Terminate(status)) to_wake.push_back(subscription);
      }
      set->clear();
    }
  }
  for (const auto& subscription : to_wake) subscription->Wake();
}

size_t EventLog::subscriber_count() {
  absl::MutexLock lock(&subs_mu_);
  return all_.size();
}

}  // namespace hitl::events

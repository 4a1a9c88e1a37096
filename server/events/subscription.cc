#include "server/events/subscription.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/events/event_log.h"
#include "server/events/journal_feed.h"

namespace hitl::events {

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

bool Subscription::finished() const {
  absl::MutexLock lock(&mu_);
  return mode_ == Mode::kDone;
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
      Unregister();
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
    Unregister();
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
  // Everything up to the feed's position is committed, so a read that
  // reaches the head has seen all of it for this stream's sessions.
  const int64_t feed_at = log_.feed_.position();
  auto page = log_.journal_.ReadJournal(after, session_ids_, EventLog::kPageSize);
  if (!page.ok()) {
    if (Terminate(page.status())) Unregister();
    Wake();
    return;
  }
  const bool at_head = page->size() < static_cast<size_t>(EventLog::kPageSize);
  {
    absl::MutexLock lock(&mu_);
    if (mode_ != Mode::kFetching) return;  // cancelled meanwhile
    QueueBacklog(*page);
    if (at_head) last_seq_ = std::max(last_seq_, feed_at);
    after = last_seq_;
    // More to read (or the feed moved past us): fetch again once woken.
    if (!at_head) mode_ = Mode::kCatchingUp;
  }
  if (at_head) {
    auto joined = log_.feed_.TryJoin(shared_from_this(), after);
    if (!joined.ok()) {
      if (Terminate(joined.status())) Unregister();
    } else if (*joined == JournalFeed::Join::kTooOld) {
      absl::MutexLock lock(&mu_);
      if (mode_ == Mode::kFetching) mode_ = Mode::kCatchingUp;
    }
  }
  Wake();
}

void Subscription::QueueBacklog(const std::vector<store::JournalEntry>& page) {
  for (const store::JournalEntry& entry : page) {
    if (entry.seq <= last_seq_) continue;
    last_seq_ = entry.seq;
    auto stored = DecodeEntry(entry);
    if (stored.ok()) {
      queue_.push_back(*std::move(stored));
      ++backlog_;
    }
  }
}

void Subscription::QueueBacklog(const StoredEvent& event) {
  if (event.seq <= last_seq_) return;
  last_seq_ = event.seq;
  if (!Matches(event.event.session_id())) return;
  queue_.push_back(event);
  ++backlog_;
}

bool Subscription::JoinLive(const std::deque<StoredEvent>& recent) {
  absl::MutexLock lock(&mu_);
  if (mode_ == Mode::kDone) return false;
  auto first = std::upper_bound(
      recent.begin(), recent.end(), last_seq_,
      [](int64_t seq, const StoredEvent& event) { return seq < event.seq; });
  for (auto it = first; it != recent.end(); ++it) QueueBacklog(*it);
  mode_ = Mode::kLive;
  return true;
}

bool Subscription::Offer(const StoredEvent& event) {
  absl::MutexLock lock(&mu_);
  if (mode_ != Mode::kLive || event.seq <= last_seq_) return false;
  last_seq_ = event.seq;
  if (!Matches(event.event.session_id())) return false;
  if (queue_.size() - backlog_ >= queue_limit_) {
    FinishLocked(MakeError(
        absl::StatusCode::kResourceExhausted, reason::kSubscriberTooSlow,
        absl::StrCat("this subscriber fell more than ", queue_limit_,
                     " events behind and was dropped; resubscribe with the cursor of "
                     "the last event you processed")));
    return true;
  }
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
  Unregister();
}

void Subscription::Unregister() {
  log_.feed_.Leave(this);
  log_.Unregister(this);
}

}  // namespace hitl::events

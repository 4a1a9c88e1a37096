#include "server/events/journal_feed.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/common/log.h"

namespace hitl::events {

JournalFeed::JournalFeed(store::Journal& journal, JournalFeedOptions options)
    : journal_(journal), options_(options) {}

JournalFeed::~JournalFeed() { Stop(); }

absl::Status JournalFeed::Start() {
  auto last = journal_.LastSeq();
  if (!last.ok()) return last.status();
  {
    absl::MutexLock lock(&mu_);
    position_ = ring_start_ = *last;
  }
  reader_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void JournalFeed::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (reader_.joinable()) reader_.join();
}

bool JournalFeed::stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

int64_t JournalFeed::position() {
  absl::MutexLock lock(&mu_);
  return position_;
}

void JournalFeed::Run() {
  absl::Duration retry = options_.retry_min;
  while (!stopping()) {
    int64_t after = position();
    auto entries = journal_.WaitForEntries(after, options_.page, options_.wait);
    if (!entries.ok()) {
      Fail(entries.status());
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), retry);
      retry = std::min(retry * 2, options_.retry_max);
      continue;
    }
    retry = options_.retry_min;
    if (entries->empty()) continue;
    std::vector<StoredEvent> events;
    events.reserve(entries->size());
    for (const store::JournalEntry& entry : *entries) {
      auto event = DecodeEntry(entry);
      if (!event.ok()) {
        log::Error("journal feed skips seq={}: {}", entry.seq, event.status().message());
        continue;
      }
      events.push_back(*std::move(event));
    }
    Publish(std::move(events), entries->back().seq);
  }
}

void JournalFeed::Publish(std::vector<StoredEvent> events, int64_t through) {
  // One event at a time, waking its subscribers before the next: one that
  // keeps up never sees a whole page pile up in its queue.
  for (StoredEvent& event : events) Offer(std::move(event));
  absl::MutexLock lock(&mu_);
  position_ = std::max(position_, through);  // entries that failed to decode
  if (ring_.empty()) ring_start_ = position_;
}

void JournalFeed::Offer(StoredEvent event) {
  std::vector<std::shared_ptr<Subscription>> to_wake;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& subscription : live_) {
      if (subscription->Offer(event)) to_wake.push_back(subscription);
    }
    position_ = event.seq;
    ring_.push_back(std::move(event));
    while (ring_.size() > options_.ring) {
      ring_start_ = ring_.front().seq;
      ring_.pop_front();
    }
    // Overflowed subscriptions leave at once.
    for (auto it = live_.begin(); it != live_.end();) {
      it = (*it)->finished() ? live_.erase(it) : std::next(it);
    }
  }
  for (const auto& subscription : to_wake) subscription->Wake();
}

void JournalFeed::Fail(const absl::Status& status) {
  log::Warn("journal feed cannot read the store: {}", status.message());
  absl::Status ended =
      MakeError(absl::StatusCode::kUnavailable, reason::kStoreFailure,
                absl::StrCat("the gateway cannot read its event store (", status.message(),
                             "); resubscribe with the cursor of the last event you processed"));
  std::set<std::shared_ptr<Subscription>> live;
  {
    absl::MutexLock lock(&mu_);
    live.swap(live_);
  }
  for (const auto& subscription : live) {
    if (subscription->Terminate(ended)) subscription->Wake();
  }
}

absl::StatusOr<JournalFeed::Join> JournalFeed::TryJoin(
    const std::shared_ptr<Subscription>& subscription, int64_t after_seq) {
  absl::MutexLock lock(&mu_);
  if (closed_) return *closed_;
  if (after_seq < ring_start_) return Join::kTooOld;
  if (subscription->JoinLive(ring_)) live_.insert(subscription);
  return Join::kJoined;
}

void JournalFeed::Leave(Subscription* subscription) {
  absl::MutexLock lock(&mu_);
  for (auto it = live_.begin(); it != live_.end(); ++it) {
    if (it->get() == subscription) {
      live_.erase(it);
      return;
    }
  }
}

void JournalFeed::Close(const absl::Status& status) {
  std::set<std::shared_ptr<Subscription>> live;
  {
    absl::MutexLock lock(&mu_);
    closed_ = status;
    live.swap(live_);
  }
  for (const auto& subscription : live) {
    if (subscription->Terminate(status)) subscription->Wake();
  }
}

}  // namespace hitl::events

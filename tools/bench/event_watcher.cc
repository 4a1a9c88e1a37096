#include "tools/bench/event_watcher.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace hitl::bench {
namespace {

// The response header that says the subscription is in place.
constexpr char kCursorHeader[] = "hitl-cursor";
// No stream of the benchmark lives this long; a stuck gateway ends it.
constexpr absl::Duration kStreamDeadline = absl::Minutes(10);

}  // namespace

std::string MessageText(const std::string& tag, int n) { return absl::StrCat(tag, " ", n); }

absl::StatusOr<std::unique_ptr<EventWatcher>> EventWatcher::Open(
    hitl::v1::HitlService::Stub& stub) {
  std::unique_ptr<EventWatcher> watcher(new EventWatcher());
  EventWatcher* w = watcher.get();
  w->context_.set_deadline(absl::ToChronoTime(absl::Now() + kStreamDeadline));
  stub.async()->SubscribeAgentEvents(&w->context_, &w->request_, w);
  w->StartRead(&w->event_);
  w->StartCall();
  absl::MutexLock lock(&w->mu_);
  w->mu_.Await(absl::Condition(&w->headers_));
  if (w->context_.GetServerInitialMetadata().count(kCursorHeader) == 0) {
    w->mu_.Await(absl::Condition(&w->ended_));
    return absl::UnavailableError(
        absl::StrCat("SubscribeAgentEvents did not start: ", w->status_.error_message()));
  }
  return watcher;
}

EventWatcher::~EventWatcher() {
  context_.TryCancel();
  done_.WaitForNotification();
}

void EventWatcher::OnReadInitialMetadataDone(bool /*ok*/) {
  absl::MutexLock lock(&mu_);
  headers_ = true;  // a failed stream has no cursor header: Open sees that
}

void EventWatcher::OnReadDone(bool ok) {
  if (!ok) return;  // the stream is over: OnDone follows
  const absl::Time now = absl::Now();
  if (event_.has_agent_message()) {
    const std::string& text = event_.agent_message().text();
    size_t space = text.rfind(' ');
    absl::MutexLock lock(&mu_);
    arrivals_.emplace(text, now);
    if (space != std::string::npos) {
      Tally& tally = tallies_[text.substr(0, space)];
      ++tally.count;
      tally.last = now;
    }
  }
  StartRead(&event_);
}

void EventWatcher::OnDone(const grpc::Status& status) {
  {
    absl::MutexLock lock(&mu_);
    status_ = status;
    headers_ = true;
    ended_ = true;
  }
  done_.Notify();
}

std::optional<absl::Time> EventWatcher::AwaitCount(const std::string& tag, int count,
                                                   absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = tallies_.find(tag);
    return ended_ || (it != tallies_.end() && it->second.count >= count);
  };
  mu_.AwaitWithDeadline(absl::Condition(&reached), deadline);
  auto it = tallies_.find(tag);
  if (it != tallies_.end() && it->second.count >= count) return it->second.last;
  return std::nullopt;
}

std::optional<absl::Time> EventWatcher::AwaitArrival(const std::string& text,
                                                     absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto arrived = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return ended_ || arrivals_.count(text) > 0;
  };
  mu_.AwaitWithDeadline(absl::Condition(&arrived), deadline);
  auto it = arrivals_.find(text);
  if (it != arrivals_.end()) return it->second;
  return std::nullopt;
}

}  // namespace hitl::bench

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
  watcher->context_.set_deadline(absl::ToChronoTime(absl::Now() + kStreamDeadline));
  hitl::v1::SubscribeAgentEventsRequest request;  // all sessions, live
  watcher->reader_ = stub.SubscribeAgentEvents(&watcher->context_, request);
  watcher->reader_->WaitForInitialMetadata();
  if (watcher->context_.GetServerInitialMetadata().count(kCursorHeader) == 0) {
    grpc::Status status = watcher->reader_->Finish();
    watcher->finished_ = true;
    return absl::UnavailableError(
        absl::StrCat("SubscribeAgentEvents did not start: ", status.error_message()));
  }
  watcher->reading_ = std::thread([w = watcher.get()] { w->Read(); });
  return watcher;
}

EventWatcher::~EventWatcher() {
  context_.TryCancel();
  if (reading_.joinable()) reading_.join();
  if (!finished_) reader_->Finish();
}

void EventWatcher::Read() {
  hitl::v1::AgentEvent event;
  while (reader_->Read(&event)) {
    absl::Time now = absl::Now();
    if (!event.has_agent_message()) continue;
    const std::string& text = event.agent_message().text();
    size_t space = text.rfind(' ');
    absl::MutexLock lock(&mu_);
    arrivals_.emplace(text, now);
    if (space != std::string::npos) {
      Tally& tally = tallies_[text.substr(0, space)];
      ++tally.count;
      tally.last = now;
    }
    arrived_.SignalAll();
  }
  absl::MutexLock lock(&mu_);
  ended_ = true;
  arrived_.SignalAll();
}

std::optional<absl::Time> EventWatcher::AwaitCount(const std::string& tag, int count,
                                                   absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  bool timed_out = false;
  while (true) {
    auto it = tallies_.find(tag);
    if (it != tallies_.end() && it->second.count >= count) return it->second.last;
    if (ended_ || timed_out) return std::nullopt;
    timed_out = arrived_.WaitWithDeadline(&mu_, deadline);
  }
}

std::optional<absl::Time> EventWatcher::AwaitArrival(const std::string& text,
                                                     absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  bool timed_out = false;
  while (true) {
    auto it = arrivals_.find(text);
    if (it != arrivals_.end()) return it->second;
    if (ended_ || timed_out) return std::nullopt;
    timed_out = arrived_.WaitWithDeadline(&mu_, deadline);
  }
}

}  // namespace hitl::bench

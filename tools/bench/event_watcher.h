// A bot's view of a gateway: one SubscribeAgentEvents stream (every session,
// live from now), noting when each agent message arrives. Messages are
// named "<tag> <n>": the watcher counts arrivals per tag and remembers each
// message's arrival time.
//
// It costs the shared CPUs as little as a bot can, so the figures measure
// the gateway: events are read by gRPC's callback API (no thread hand-off
// per event), and a waiter is woken only once what it waits for is there.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "hitl/v1/hitl.grpc.pb.h"

namespace hitl::bench {

// "<tag> <n>", the text of a message the watcher can count.
std::string MessageText(const std::string& tag, int n);

class EventWatcher final : public grpc::ClientReadReactor<hitl::v1::AgentEvent> {
 public:
  // Returns once the gateway has the subscription in place (its response
  // headers came), so every event committed from then on reaches it.
  static absl::StatusOr<std::unique_ptr<EventWatcher>> Open(hitl::v1::HitlService::Stub& stub);
  // Cancels the stream and waits for its end.
  ~EventWatcher() override;

  // Waits until `count` messages of `tag` arrived; returns when the last of
  // them did, or nullopt at `deadline`.
  std::optional<absl::Time> AwaitCount(const std::string& tag, int count, absl::Time deadline);
  // Waits for the message `text`; returns when it arrived, or nullopt at
  // `deadline`.
  std::optional<absl::Time> AwaitArrival(const std::string& text, absl::Time deadline);

  // grpc::ClientReadReactor, on gRPC's threads.
  void OnReadInitialMetadataDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  struct Tally {
    int count = 0;
    absl::Time last;
  };

  EventWatcher() = default;

  grpc::ClientContext context_;
  hitl::v1::SubscribeAgentEventsRequest request_;  // all sessions, live
  hitl::v1::AgentEvent event_;                     // the read in flight

  absl::Mutex mu_;
  std::map<std::string, Tally> tallies_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, absl::Time> arrivals_ ABSL_GUARDED_BY(mu_);
  bool headers_ ABSL_GUARDED_BY(mu_) = false;  // initial metadata came (or failed)
  bool ended_ ABSL_GUARDED_BY(mu_) = false;    // OnDone ran
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  // After OnDone let go of everything: the watcher may then be destroyed.
  absl::Notification done_;
};

}  // namespace hitl::bench

// A bot's view of a gateway: one SubscribeAgentEvents stream (every session,
// live from now) read on a thread of its own, noting when each agent message
// arrives. Messages are named "<tag> <n>": the watcher counts arrivals per
// tag and remembers each message's arrival time.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "hitl/v1/hitl.grpc.pb.h"

namespace hitl::bench {

// "<tag> <n>", the text of a message the watcher can count.
std::string MessageText(const std::string& tag, int n);

class EventWatcher {
 public:
  // Returns once the gateway has the subscription in place (its response
  // headers came), so every event committed from then on reaches it.
  static absl::StatusOr<std::unique_ptr<EventWatcher>> Open(hitl::v1::HitlService::Stub& stub);
  // Cancels the stream and joins the reader.
  ~EventWatcher();

  // Waits until `count` messages of `tag` arrived; returns when the last of
  // them did, or nullopt at `deadline`.
  std::optional<absl::Time> AwaitCount(const std::string& tag, int count, absl::Time deadline);
  // Waits for the message `text`; returns when it arrived, or nullopt at
  // `deadline`.
  std::optional<absl::Time> AwaitArrival(const std::string& text, absl::Time deadline);

 private:
  struct Tally {
    int count = 0;
    absl::Time last;
  };

  EventWatcher() = default;
  void Read();

  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderInterface<hitl::v1::AgentEvent>> reader_;
  std::thread reading_;
  bool finished_ = false;  // Finish was called (only before reading starts)

  absl::Mutex mu_;
  absl::CondVar arrived_;
  std::map<std::string, Tally> tallies_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, absl::Time> arrivals_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace hitl::bench

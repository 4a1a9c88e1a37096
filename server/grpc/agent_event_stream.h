// The server side of one SubscribeAgentEvents call: pulls events from its
// subscription and writes them, one at a time, until the subscription ends
// (its status finishes the call) or the client goes away. Initial metadata
// is sent as soon as the subscription exists, so a client that waits for it
// knows the stream is live.
#pragma once

#include <memory>
#include <string_view>

#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "hitl/v1/hitl.pb.h"
#include "server/events/event_log.h"

namespace hitl::grpc_api {

// Response header of SubscribeAgentEvents: the cursor the stream starts after.
inline constexpr std::string_view kCursorHeader = "hitl-cursor";

class AgentEventStream final : public grpc::ServerWriteReactor<hitl::v1::AgentEvent> {
 public:
  // The response headers carry `hitl-cursor`: the position the stream starts
  // after, to resume from before any event arrived.
  AgentEventStream(grpc::CallbackServerContext* context,
                   std::shared_ptr<events::Subscription> subscription);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Guards the reactor; shared with the subscription's wakeup so a wakeup
  // arriving after OnDone finds no reactor instead of a freed one.
  struct Guard {
    absl::Mutex mu;
    AgentEventStream* stream ABSL_GUARDED_BY(mu) = nullptr;
  };

  // Starts the next write, or finishes, if nothing is in flight.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(guard_->mu);
  void FinishOnce(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(guard_->mu);

  std::shared_ptr<Guard> guard_;
  std::shared_ptr<events::Subscription> subscription_;
  hitl::v1::AgentEvent current_;  // the write in flight; outlives StartWrite
  bool writing_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
};

// A stream that fails at once (bad request, unknown session, old cursor).
class FailedStream final : public grpc::ServerWriteReactor<hitl::v1::AgentEvent> {
 public:
  explicit FailedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace hitl::grpc_api

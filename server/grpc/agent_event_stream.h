// The server side of one SubscribeAgentEvents call, on raw bytes like the
// unary calls (unary_call.h). It reads the request and hands it to `start`,
// which makes the subscription on the executor (it reads the store) and
// attaches it when ready; from
// then on the stream pulls events from it and writes them, one at a time,
// until the subscription ends (its status finishes the call) or the client
// goes away. Initial metadata is sent as soon as the subscription exists, so
// a client that waits for it knows the stream is in place; a subscription
// that could not be made finishes the call with its error.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "server/events/event_log.h"
#include "server/grpc/unary_call.h"

namespace hitl::grpc_api {

// Response header of SubscribeAgentEvents: the cursor the stream starts after.
inline constexpr std::string_view kCursorHeader = "hitl-cursor";

class AgentEventStream final : public RawReactor {
 public:
  // Hands the stream its subscription (or why there is none). Safe to call
  // from any thread, once, even after the call ended. The response headers
  // then carry `hitl-cursor`: the position the stream starts after, to
  // resume from before any event arrived.
  using Attach = std::function<void(absl::StatusOr<std::shared_ptr<events::Subscription>>)>;
  // Gets the request's bytes once they are in; must lead to `attach`.
  using Start = std::function<void(grpc::ByteBuffer request, Attach attach)>;

  AgentEventStream(grpc::CallbackServerContext* context, CallTracker::Ticket ticket, Start start);

  void OnReadDone(bool ok) override;
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

  void AttachLocked(absl::StatusOr<std::shared_ptr<events::Subscription>> subscription)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(guard_->mu);
  // Starts the next write, or finishes, if nothing is in flight.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(guard_->mu);
  void FinishOnce(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(guard_->mu);
  Attach Attacher();

  grpc::CallbackServerContext* const context_;
  CallTracker::Ticket ticket_;
  Start start_;
  grpc::ByteBuffer request_;
  std::shared_ptr<Guard> guard_;
  std::shared_ptr<events::Subscription> subscription_;  // once attached
  grpc::ByteBuffer current_;  // the write in flight; outlives StartWrite
  bool writing_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
};

}  // namespace hitl::grpc_api

// HitlService over gRPC's callback API, on raw bytes (unary_call.h): every
// call is refused before its request is read when API tokens are configured
// and the caller has none of them; then the request is parsed (bytes that
// are not a valid message get INVALID_ARGUMENT), served on the executor (the
// handoff blocks on LiveChat) and answered from there. SubscribeAgentEvents
// is a write reactor fed by an events::Subscription, one write in flight at
// a time. Every error goes through ToGrpcStatus.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <functional>

#include "hitl/v1/hitl.grpc.pb.h"
#include "server/common/executor.h"
#include "server/events/event_log.h"
#include "server/grpc/agent_event_stream.h"
#include "server/grpc/api_tokens.h"
#include "server/grpc/call_tracker.h"
#include "server/grpc/unary_call.h"
#include "server/handoff/handoff_service.h"

namespace hitl::grpc_api {

class HitlGrpcService final : public hitl::v1::HitlService::Service {
 public:
  HitlGrpcService(handoff::HandoffService& handoff, events::EventLog& log, Executor& executor,
                  const ApiTokens& tokens);

  // Shutdown, first: new calls are refused with UNAVAILABLE (SHUTTING_DOWN).
  void StopTakingCalls() { calls_.Close(); }
  // True once every call in progress has ended; false at `deadline`.
  bool AwaitCallsEnded(absl::Time deadline) { return calls_.AwaitIdle(deadline); }
  // Shutdown, at the end of its grace: calls still in progress are being
  // cut short, so each that fails from now on answers UNAVAILABLE
  // (SHUTTING_DOWN), which tells the bot to retry with its request_id.
  void CutCallsInProgress() { cut_ = true; }

 private:
  // Serves method `name` of hitl.proto: the request parsed from the call's
  // bytes is handed to `serve`, whose response is sent back.
  template <typename Request, typename Response>
  void ServeUnary(const char* name,
                  std::function<absl::StatusOr<Response>(const Request&)> serve);
  // ServeUnary for a handoff call: `method(handoff_, request)`, whose result
  // `fill(result, response)` puts into the response.
  template <typename Request, typename Response, typename Method, typename Fill>
  void ServeHandoff(const char* name, Method method, Fill fill);
  // Installs `reactor` as the server side of method `name`, registered as
  // streaming so that gRPC reads nothing before the reactor asks for it.
  using ReactorFactory =
      std::function<RawReactor*(grpc::CallbackServerContext*, CallTracker::Ticket)>;
  void Install(const char* name, ReactorFactory reactor);
  // Ends `call` with `answer` (its response, or its error; one that follows
  // the cut of shutdown becomes UNAVAILABLE, see CutCallsInProgress).
  void Answer(UnaryCall* call, absl::StatusOr<grpc::ByteBuffer> answer);
  // The first step of a SubscribeAgentEvents once its request is in.
  void StartSubscription(grpc::ByteBuffer request, AgentEventStream::Attach attach);

  handoff::HandoffService& handoff_;
  events::EventLog& log_;
  Executor& executor_;
  const ApiTokens& tokens_;
  CallTracker calls_;
  std::atomic<bool> cut_{false};
};

}  // namespace hitl::grpc_api

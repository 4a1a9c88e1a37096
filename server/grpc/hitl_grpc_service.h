// HitlService over gRPC's callback API. Unary calls run on the executor
// (they block on LiveChat) and finish from there; SubscribeAgentEvents is a
// write reactor fed by an events::Subscription, one write in flight at a
// time. Every error goes through ToGrpcStatus. Calls are refused before any
// work when API tokens are configured and the caller has none of them.
//
// Thread-safe.
#pragma once

#include "hitl/v1/hitl.grpc.pb.h"
#include "server/common/executor.h"
#include "server/events/event_log.h"
#include "server/grpc/api_tokens.h"
#include "server/handoff/handoff_service.h"

namespace hitl::grpc_api {

class HitlGrpcService final : public hitl::v1::HitlService::CallbackService {
 public:
  HitlGrpcService(handoff::HandoffService& handoff, events::EventLog& log, Executor& executor,
                  const ApiTokens& tokens);

  grpc::ServerUnaryReactor* StartHitl(grpc::CallbackServerContext* context,
                                      const hitl::v1::StartHitlRequest* request,
                                      hitl::v1::StartHitlResponse* response) override;
  grpc::ServerUnaryReactor* SendMessage(grpc::CallbackServerContext* context,
                                        const hitl::v1::SendMessageRequest* request,
                                        hitl::v1::SendMessageResponse* response) override;
  grpc::ServerUnaryReactor* StopHitl(grpc::CallbackServerContext* context,
                                     const hitl::v1::StopHitlRequest* request,
                                     hitl::v1::StopHitlResponse* response) override;
  grpc::ServerUnaryReactor* GetSession(grpc::CallbackServerContext* context,
                                       const hitl::v1::GetSessionRequest* request,
                                       hitl::v1::GetSessionResponse* response) override;
  grpc::ServerWriteReactor<hitl::v1::AgentEvent>* SubscribeAgentEvents(
      grpc::CallbackServerContext* context,
      const hitl::v1::SubscribeAgentEventsRequest* request) override;

 private:
  // Checks the caller's token, then runs `work` on the executor and
  // finishes the call with its status.
  grpc::ServerUnaryReactor* RunOnExecutor(grpc::CallbackServerContext* context,
                                          std::function<absl::Status()> work);
  // RunOnExecutor for a handoff call: `method(handoff_, *request)`, whose
  // result `fill(result, *response)` puts into the response.
  template <typename Method, typename Request, typename Response, typename Fill>
  grpc::ServerUnaryReactor* RunHandoff(grpc::CallbackServerContext* context, Method method,
                                       const Request* request, Response* response, Fill fill);

  handoff::HandoffService& handoff_;
  events::EventLog& log_;
  Executor& executor_;
  const ApiTokens& tokens_;
};

}  // namespace hitl::grpc_api

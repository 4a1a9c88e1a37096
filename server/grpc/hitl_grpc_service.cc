#include "server/grpc/hitl_grpc_service.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/call_deadline.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "server/events/cursor.h"
#include "server/grpc/agent_event_stream.h"
#include "server/handoff/request_validation.h"

namespace hitl::grpc_api {
namespace {
// Time kept back from a call's deadline to send the answer.
constexpr absl::Duration kAnswerMargin = absl::Milliseconds(300);

// How a response carries a handoff call's result: as its session, or as
// the whole response.
constexpr auto kIntoSession = [](hitl::v1::Session&& session, auto& response) {
  *response.mutable_session() = std::move(session);
};
constexpr auto kAsWhole = [](auto&& result, auto& response) {
  response = std::forward<decltype(result)>(result);
};
}  // namespace

HitlGrpcService::HitlGrpcService(handoff::HandoffService& handoff, events::EventLog& log,
                                 Executor& executor, const ApiTokens& tokens)
    : handoff_(handoff), log_(log), executor_(executor), tokens_(tokens) {}

grpc::ServerUnaryReactor* HitlGrpcService::RunOnExecutor(grpc::CallbackServerContext* context,
                                                         std::function<absl::Status()> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status s = tokens_.Check(*context); !s.ok()) {
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  // LiveChat retries stop short of the caller's deadline, leaving time to
  // answer with the real reason (e.g. UNAVAILABLE naming the action).
  absl::Time deadline = absl::FromChrono(context->deadline()) - kAnswerMargin;
  bool queued = executor_.Post([reactor, deadline, work = std::move(work)] {
    ScopedCallDeadline scope(deadline);
    reactor->Finish(ToGrpcStatus(work()));
  });
  if (!queued) {
    reactor->Finish(ToGrpcStatus(MakeError(
        absl::StatusCode::kUnavailable, reason::kOverloaded,
        "the gateway has too many calls in progress; retry with backoff")));
  }
  return reactor;
}

template <typename Method, typename Request, typename Response, typename Fill>
grpc::ServerUnaryReactor* HitlGrpcService::RunHandoff(grpc::CallbackServerContext* context,
                                                      Method method, const Request* request,
                                                      Response* response, Fill fill) {
  return RunOnExecutor(context, [this, method, request, response, fill] {
    auto result = std::invoke(method, handoff_, *request);
    if (!result.ok()) return result.status();
    fill(*std::move(result), *response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* HitlGrpcService::StartHitl(grpc::CallbackServerContext* context,
                                                     const hitl::v1::StartHitlRequest* request,
                                                     hitl::v1::StartHitlResponse* response) {
  return RunHandoff(context, &handoff::HandoffService::StartHitl, request, response, kIntoSession);
}

grpc::ServerUnaryReactor* HitlGrpcService::SendMessage(
    grpc::CallbackServerContext* context, const hitl::v1::SendMessageRequest* request,
    hitl::v1::SendMessageResponse* response) {
  return RunHandoff(context, &handoff::HandoffService::SendMessage, request, response, kAsWhole);
}

grpc::ServerUnaryReactor* HitlGrpcService::StopHitl(grpc::CallbackServerContext* context,
                                                    const hitl::v1::StopHitlRequest* request,
                                                    hitl::v1::StopHitlResponse* response) {
  return RunHandoff(context, &handoff::HandoffService::StopHitl, request, response, kIntoSession);
}

grpc::ServerUnaryReactor* HitlGrpcService::GetSession(grpc::CallbackServerContext* context,
                                                      const hitl::v1::GetSessionRequest* request,
                                                      hitl::v1::GetSessionResponse* response) {
  return RunHandoff(context, &handoff::HandoffService::GetSession, request, response, kIntoSession);
}

grpc::ServerWriteReactor<hitl::v1::AgentEvent>* HitlGrpcService::SubscribeAgentEvents(
    grpc::CallbackServerContext* context, const hitl::v1::SubscribeAgentEventsRequest* request) {
  if (absl::Status s = tokens_.Check(*context); !s.ok()) return new FailedStream(ToGrpcStatus(s));
  if (request->session_ids_size() > static_cast<int>(handoff::kMaxSubscribedSessions)) {
    return new FailedStream(ToGrpcStatus(InvalidField(
        "session_ids", absl::StrCat("names ", request->session_ids_size(), " sessions; at most ",
                                    handoff::kMaxSubscribedSessions,
                                    " per stream (or none, for all sessions)"))));
  }
  std::vector<std::string> session_ids;
  for (int i = 0; i < request->session_ids_size(); ++i) {
    const std::string& id = request->session_ids(i);
    if (absl::Status s = handoff::ValidateSessionId(id, absl::StrCat("session_ids[", i, "]"));
        !s.ok()) {
      return new FailedStream(ToGrpcStatus(s));
    }
    session_ids.push_back(id);
  }
  std::optional<int64_t> after_seq;
  if (!request->after_cursor().empty()) {
    auto decoded = events::DecodeCursor(request->after_cursor());
    if (!decoded.ok()) return new FailedStream(ToGrpcStatus(decoded.status()));
    after_seq = *decoded;
  }
  // Subscribing reads the store: never on gRPC's threads.
  auto* stream = new AgentEventStream(context);
  auto attach = stream->Attacher();
  bool queued = executor_.Post(
      [this, attach, session_ids = std::move(session_ids), after_seq]() mutable {
        attach(log_.Subscribe(std::move(session_ids), after_seq));
      });
  if (!queued) {
    attach(MakeError(absl::StatusCode::kUnavailable, reason::kOverloaded,
                     "the gateway has too many calls in progress; resubscribe shortly"));
  }
  return stream;
}

}  // namespace hitl::grpc_api

#include "server/grpc/hitl_grpc_service.h"

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

grpc::ServerUnaryReactor* HitlGrpcService::StartHitl(grpc::CallbackServerContext* context,
                                                     const hitl::v1::StartHitlRequest* request,
                                                     hitl::v1::StartHitlResponse* response) {
  return RunOnExecutor(context, [this, request, response] {
    auto session = handoff_.StartHitl(*request);
    if (!session.ok()) return session.status();
    *response->mutable_session() = *std::move(session);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* HitlGrpcService::SendMessage(
    grpc::CallbackServerContext* context, const hitl::v1::SendMessageRequest* request,
    hitl::v1::SendMessageResponse* response) {
  return RunOnExecutor(context, [this, request, response] {
    auto sent = handoff_.SendMessage(*request);
    if (!sent.ok()) return sent.status();
    *response = *std::move(sent);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* HitlGrpcService::StopHitl(grpc::CallbackServerContext* context,
                                                    const hitl::v1::StopHitlRequest* request,
                                                    hitl::v1::StopHitlResponse* response) {
  return RunOnExecutor(context, [this, request, response] {
    auto session = handoff_.StopHitl(*request);
    if (!session.ok()) return session.status();
    *response->mutable_session() = *std::move(session);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* HitlGrpcService::GetSession(grpc::CallbackServerContext* context,
                                                      const hitl::v1::GetSessionRequest* request,
                                                      hitl::v1::GetSessionResponse* response) {
  return RunOnExecutor(context, [this, request, response] {
    auto session = handoff_.GetSession(*request);
    if (!session.ok()) return session.status();
    *response->mutable_session() = *std::move(session);
    return absl::OkStatus();
  });
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
  auto subscription = log_.Subscribe(std::move(session_ids), after_seq);
  if (!subscription.ok()) return new FailedStream(ToGrpcStatus(subscription.status()));
  return new AgentEventStream(context, *std::move(subscription));
}

}  // namespace hitl::grpc_api

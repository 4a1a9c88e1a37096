#include "server/grpc/hitl_grpc_service.h"

#include <cstdlib>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/common/call_deadline.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "server/common/log.h"
#include "server/events/cursor.h"
#include "server/grpc/wire_message.h"
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

// `what_to_do`: how the caller should come back.
absl::Status Overloaded(absl::string_view what_to_do = "retry with backoff") {
  return MakeError(absl::StatusCode::kUnavailable, reason::kOverloaded,
                   absl::StrCat("the gateway has too many calls in progress; ", what_to_do));
}

absl::Status ShuttingDown() {
  return MakeError(absl::StatusCode::kUnavailable, reason::kShuttingDown,
                   "the gateway is shutting down; retry on another replica (the same "
                   "request_id, or the cursor of the last event you processed)");
}

// What a call cut short by shutdown answers instead of the failure the cut
// caused. A verdict on the request itself is kept: a retry would get it too.
absl::Status CutShort(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return status;
    default:
      return MakeError(absl::StatusCode::kUnavailable, reason::kShuttingDown,
                       absl::StrCat("the gateway shut down during this call (", status.message(),
                                    "); retry it with the same request_id"));
  }
}

// The index gRPC's generated code gives method `name` of HitlService: its
// place in hitl.proto.
int MethodIndex(const char* name) {
  const google::protobuf::ServiceDescriptor* service =
      hitl::v1::StartHitlRequest::descriptor()->file()->FindServiceByName("HitlService");
  const google::protobuf::MethodDescriptor* method =
      service == nullptr ? nullptr : service->FindMethodByName(name);
  if (method == nullptr) {
    log::Error("hitl.proto has no HitlService.{}: the gateway is built wrong", name);
    std::abort();
  }
  return method->index();
}

}  // namespace

HitlGrpcService::HitlGrpcService(handoff::HandoffService& handoff, events::EventLog& log,
                                 Executor& executor, const ApiTokens& tokens)
    : handoff_(handoff), log_(log), executor_(executor), tokens_(tokens) {
  using handoff::HandoffService;
  ServeHandoff<hitl::v1::StartHitlRequest, hitl::v1::StartHitlResponse>(
      "StartHitl", &HandoffService::StartHitl, kIntoSession);
  ServeHandoff<hitl::v1::SendMessageRequest, hitl::v1::SendMessageResponse>(
      "SendMessage", &HandoffService::SendMessage, kAsWhole);
  ServeHandoff<hitl::v1::StopHitlRequest, hitl::v1::StopHitlResponse>(
      "StopHitl", &HandoffService::StopHitl, kIntoSession);
  ServeHandoff<hitl::v1::GetSessionRequest, hitl::v1::GetSessionResponse>(
      "GetSession", &HandoffService::GetSession, kIntoSession);
  Install("SubscribeAgentEvents",
          [this](grpc::CallbackServerContext* context, CallTracker::Ticket ticket) {
            return new AgentEventStream(
                context, std::move(ticket),
                [this](grpc::ByteBuffer request, AgentEventStream::Attach attach) {
                  StartSubscription(std::move(request), std::move(attach));
                });
          });
}

void HitlGrpcService::Install(const char* name, ReactorFactory reactor) {
  const int index = MethodIndex(name);
  // Streaming, to gRPC: it then reads no message before the reactor asks.
  MarkMethodStreamed(index, nullptr);
  MarkMethodRawCallback(
      index, new grpc::internal::CallbackBidiHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                 [this, reactor = std::move(reactor)](
                     grpc::CallbackServerContext* context) -> RawReactor* {
                   if (absl::Status s = tokens_.Check(*context); !s.ok()) {
                     return new RefusedCall(ToGrpcStatus(s));
                   }
                   std::optional<CallTracker::Ticket> ticket = calls_.Enter();
                   if (!ticket) return new RefusedCall(ToGrpcStatus(ShuttingDown()));
                   return reactor(context, std::move(*ticket));
                 }));
}

template <typename Request, typename Response>
void HitlGrpcService::ServeUnary(const char* name,
                                 std::function<absl::StatusOr<Response>(const Request&)> serve) {
  Install(name, [this, serve](grpc::CallbackServerContext* context,
                              CallTracker::Ticket ticket) -> RawReactor* {
    // LiveChat retries stop short of the caller's deadline, leaving time to
    // answer with the real reason (e.g. UNAVAILABLE naming the action).
    const absl::Time deadline = absl::FromChrono(context->deadline()) - kAnswerMargin;
    return new UnaryCall(std::move(ticket), [this, serve, deadline](UnaryCall* call,
                                                                    grpc::ByteBuffer bytes) {
      bool queued =
          executor_.Post([this, serve, deadline, call, bytes = std::move(bytes)]() mutable {
            ScopedCallDeadline scope(deadline);
            absl::StatusOr<Request> request = ParseMessage<Request>(bytes);
            if (!request.ok()) return Answer(call, request.status());
            absl::StatusOr<Response> response = serve(*request);
            if (!response.ok()) return Answer(call, response.status());
            Answer(call, SerializeMessage(*response));
          });
      if (!queued) Answer(call, Overloaded());
    });
  });
}

void HitlGrpcService::Answer(UnaryCall* call, absl::StatusOr<grpc::ByteBuffer> answer) {
  if (!answer.ok() && cut_) answer = CutShort(answer.status());
  if (answer.ok()) {
    call->Answer(grpc::Status::OK, *std::move(answer));
  } else {
    call->Answer(ToGrpcStatus(answer.status()), {});
  }
}

template <typename Request, typename Response, typename Method, typename Fill>
void HitlGrpcService::ServeHandoff(const char* name, Method method, Fill fill) {
  ServeUnary<Request, Response>(
      name, [this, method, fill](const Request& request) -> absl::StatusOr<Response> {
        auto result = std::invoke(method, handoff_, request);
        if (!result.ok()) return result.status();
        Response response;
        fill(*std::move(result), response);
        return response;
      });
}

void HitlGrpcService::StartSubscription(grpc::ByteBuffer bytes,
                                        AgentEventStream::Attach attach) {
  // Subscribing reads the store: never on gRPC's threads.
  bool queued = executor_.Post([this, bytes = std::move(bytes), attach]() mutable {
    auto request = ParseMessage<hitl::v1::SubscribeAgentEventsRequest>(bytes);
    if (!request.ok()) return attach(request.status());
    if (request->session_ids_size() > static_cast<int>(handoff::kMaxSubscribedSessions)) {
      return attach(InvalidField(
          "session_ids", absl::StrCat("names ", request->session_ids_size(),
                                      " sessions; at most ", handoff::kMaxSubscribedSessions,
                                      " per stream (or none, for all sessions)")));
    }
    std::vector<std::string> session_ids;
    for (int i = 0; i < request->session_ids_size(); ++i) {
      const std::string& id = request->session_ids(i);
      if (absl::Status s = handoff::ValidateSessionId(id, absl::StrCat("session_ids[", i, "]"));
          !s.ok()) {
        return attach(s);
      }
      session_ids.push_back(id);
    }
    std::optional<int64_t> after_seq;
    if (!request->after_cursor().empty()) {
      auto decoded = events::DecodeCursor(request->after_cursor());
      if (!decoded.ok()) return attach(decoded.status());
      after_seq = *decoded;
    }
    attach(log_.Subscribe(std::move(session_ids), after_seq));
  });
  if (!queued) {
    attach(Overloaded("resubscribe shortly"));
  }
}

}  // namespace hitl::grpc_api

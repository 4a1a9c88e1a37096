#include "client/hitlctl/commands.h"

#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "server/common/grpc_status.h"
#include "server/common/random_ids.h"

namespace hitl::cli {
namespace {

void Print(Context& context, const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  *context.out << json << std::endl;  // flushed: scripts read it line by line
}

void SetDeadline(Context& context, grpc::ClientContext& call) {
  call.set_deadline(absl::ToChronoTime(absl::Now() + context.timeout));
}

// One unary call: the context's deadline, the stub `method`, then the part
// of the response `pick` chooses, printed as one JSON line.
template <typename Request, typename Response, typename Pick>
absl::Status CallAndPrint(Context& context,
                          grpc::Status (hitl::v1::HitlService::Stub::*method)(
                              grpc::ClientContext*, const Request&, Response*),
                          const Request& request, Pick pick) {
  grpc::ClientContext call;
  SetDeadline(context, call);
  Response response;
  grpc::Status status = (context.stub.get()->*method)(&call, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  Print(context, pick(response));
  return absl::OkStatus();
}

// What CallAndPrint prints: the response's session, or the whole response.
constexpr auto kSession = [](const auto& response) -> const google::protobuf::Message& {
  return response.session();
};
constexpr auto kWhole = [](const auto& response) -> const google::protobuf::Message& {
  return response;
};

absl::Status NeedPositional(const CommandLine& args, size_t count, absl::string_view usage) {
  if (args.positional.size() != count + 1) {
    return absl::InvalidArgumentError(absl::StrCat("usage: hitlctl ", usage));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Start(Context& context, const CommandLine& args) {
  if (absl::Status s = NeedPositional(args, 0, "start --user-id ID [options]"); !s.ok()) return s;
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id(args.Get("user-id").value_or(""));
  request.mutable_user()->set_name(args.Get("name").value_or(""));
  request.mutable_user()->set_email(args.Get("email").value_or(""));
  request.set_title(args.Get("title").value_or(""));
  request.set_description(args.Get("description").value_or(""));
  // The transcript keeps the order the messages were given in.
  for (const auto& [name, value] : args.options) {
    if (name != "user-said" && name != "bot-said") continue;
    auto* message = request.add_transcript();
    message->set_role(name == "user-said" ? hitl::v1::AUTHOR_ROLE_USER
                                          : hitl::v1::AUTHOR_ROLE_BOT);
    message->set_text(value);
  }
  for (const std::string& property : args.GetAll("property")) {
    size_t eq = property.find('=');
    if (eq == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--property wants KEY=VALUE, got '",
                                                     property, "'"));
    }
    (*request.mutable_properties())[property.substr(0, eq)] = property.substr(eq + 1);
  }
  if (auto group = args.Get("group-id")) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(*group, &id)) {
      return absl::InvalidArgumentError("--group-id wants a number");
    }
    request.set_group_id(id);
  }
  // A generated request id still protects this call's own retries.
  request.set_request_id(args.Get("request-id").value_or(RandomUuid()));
  return CallAndPrint(context, &hitl::v1::HitlService::Stub::StartHitl, request, kSession);
}

absl::Status Send(Context& context, const CommandLine& args) {
  if (absl::Status s = NeedPositional(args, 2, "send SESSION_ID TEXT"); !s.ok()) return s;
  hitl::v1::SendMessageRequest request;
  request.set_session_id(args.positional[1]);
  request.set_text(args.positional[2]);
  request.set_request_id(args.Get("request-id").value_or(RandomUuid()));
  return CallAndPrint(context, &hitl::v1::HitlService::Stub::SendMessage, request, kWhole);
}

absl::Status Stop(Context& context, const CommandLine& args) {
  if (absl::Status s = NeedPositional(args, 1, "stop SESSION_ID [--reason TEXT]"); !s.ok()) {
    return s;
  }
  hitl::v1::StopHitlRequest request;
  request.set_session_id(args.positional[1]);
  request.set_reason(args.Get("reason").value_or(""));
  return CallAndPrint(context, &hitl::v1::HitlService::Stub::StopHitl, request, kSession);
}

absl::Status Get(Context& context, const CommandLine& args) {
  if (absl::Status s = NeedPositional(args, 1, "get SESSION_ID"); !s.ok()) return s;
  hitl::v1::GetSessionRequest request;
  request.set_session_id(args.positional[1]);
  return CallAndPrint(context, &hitl::v1::HitlService::Stub::GetSession, request, kSession);
}

absl::Status Watch(Context& context, const CommandLine& args) {
  if (absl::Status s = NeedPositional(args, 0, "watch [--session ID]... [--after CURSOR]");
      !s.ok()) {
    return s;
  }
  hitl::v1::SubscribeAgentEventsRequest request;
  for (const std::string& id : args.GetAll("session")) request.add_session_ids(id);
  request.set_after_cursor(args.Get("after").value_or(""));
  int64_t limit = -1;
  if (auto count = args.Get("count"); count && !absl::SimpleAtoi(*count, &limit)) {
    return absl::InvalidArgumentError("--count wants a number");
  }
  const bool until_ended = args.Has("until-ended");
  const bool reconnect = !args.Has("no-reconnect");
  int64_t printed = 0;
  absl::Duration backoff = absl::Milliseconds(250);
  while (true) {
    grpc::ClientContext call;
    auto reader = context.stub->SubscribeAgentEvents(&call, request);
    hitl::v1::AgentEvent event;
    while (reader->Read(&event)) {
      Print(context, event);
      request.set_after_cursor(event.cursor());  // resume point
      backoff = absl::Milliseconds(250);
      if (++printed == limit || (until_ended && event.has_session_ended())) {
        call.TryCancel();
        reader->Finish().ok();
        return absl::OkStatus();
      }
    }
    grpc::Status status = reader->Finish();
    if (status.ok()) return absl::OkStatus();
    if (!reconnect || status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      return FromGrpcStatus(status);
    }
    std::cerr << "hitlctl: stream unavailable (" << status.error_message()
              << "); resuming from cursor '" << request.after_cursor() << "'\n";
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

absl::Status Ping(Context& context, const CommandLine& args) {
  if (context.channel->WaitForConnected(absl::ToChronoTime(absl::Now() + context.timeout))) {
    return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat("no gateway answered within ",
                                             absl::FormatDuration(context.timeout)));
}

}  // namespace hitl::cli

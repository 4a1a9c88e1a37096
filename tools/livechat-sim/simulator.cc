#include "tools/livechat-sim/simulator.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/common/clock.h"
#include "server/common/files.h"
#include "server/common/http_listen.h"
#include "server/common/log.h"
#include "server/livechat/wire/protocol.h"
#include "tools/livechat-sim/api_router.h"
#include "tools/livechat-sim/auto_agent.h"
#include "tools/livechat-sim/call_log.h"
#include "tools/livechat-sim/control_api.h"
#include "tools/livechat-sim/faults.h"
#include "tools/livechat-sim/http_util.h"
#include "tools/livechat-sim/runtime_config.h"
#include "tools/livechat-sim/scheduler.h"
#include "tools/livechat-sim/sim_context.h"
#include "tools/livechat-sim/sim_errors.h"
#include "tools/livechat-sim/sim_state.h"
#include "tools/livechat-sim/webhook_sender.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;

constexpr absl::Duration kStartDeadline = absl::Seconds(5);

// LiveChat's paths answer in LiveChat's envelope, everything else plainly.
bool IsLiveChatPath(const std::string& path) {
  return absl::StartsWith(path, "/v") && !absl::StartsWith(path, "/sim");
}

void HandleHttpError(const httplib::Request& request, httplib::Response& response) {
  if (!response.body.empty()) return;  // a handler's own answer
  const int status = response.status;
  if (IsLiveChatPath(request.path)) {
    absl::string_view type = status == 413   ? wire::error_type::kEntityTooLarge
                             : status == 404 ? wire::error_type::kNotFound
                                             : wire::error_type::kValidation;
    WriteReply(ErrorReply(LiveChatError(type, status == 404 ? "Unknown path or method" : "")),
               response);
    response.status = status;
    return;
  }
  WriteJson(status,
            wire::Json{{"error", status == 404 ? "no such path or method" : "request refused"}},
            response);
}

}  // namespace

Simulator::Simulator(SimulatorOptions options) : options_(std::move(options)) {}

Simulator::~Simulator() { Stop(); }

absl::Status Simulator::Start() {
  if (server_) return absl::FailedPreconditionError("the simulator was started already");
  if (absl::Status s = ValidateAndComplete(options_); !s.ok()) return s;

  scheduler_ = std::make_unique<Scheduler>();
  runtime_ = std::make_unique<RuntimeConfig>(
      RuntimeSettings{.webhook_urls = options_.webhook_urls,
                      .webhook_secret = options_.webhook_secret,
                      .auto_agent = options_.auto_agent,
                      .auto_agent_delay = options_.auto_agent_delay});
  webhooks_ = std::make_unique<WebhookSender>(
      WebhookSenderOptions{.organization_id = options_.organization_id,
                           .actions = options_.webhook_actions,
                           .retry_delays = options_.webhook_retry_delays,
                           .timeout = options_.webhook_timeout},
      *runtime_, *scheduler_);
  state_ = std::make_unique<SimState>(StateOptions{.requester_agent = options_.requester_agent,
                                                   .client_id = options_.client_id,
                                                   .token_ttl = options_.token_ttl},
                                      options_.agents, options_.groups, RealClock::Instance(),
                                      *webhooks_);
  faults_ = std::make_unique<FaultInjector>();
  calls_ = std::make_unique<CallLog>();
  auto_agent_ = std::make_unique<AutoAgent>(*state_, *runtime_, *scheduler_);
  context_ = std::make_unique<SimContext>(SimContext{.options = options_,
                                                     .runtime = *runtime_,
                                                     .state = *state_,
                                                     .webhooks = *webhooks_,
                                                     .faults = *faults_,
                                                     .calls = *calls_,
                                                     .auto_agent = *auto_agent_});
  router_ = std::make_unique<ApiRouter>(*context_);

  server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *server_;
  // Size the pool for the gateway's connection pool plus slow
  // (latency-fault) calls.
  ApplyServerSettings(server, {.threads = options_.server_threads,
                               .keep_alive_max_count = 1000,
                               .io_timeout = absl::Seconds(30)});
  server.set_payload_max_length(options_.max_body_bytes);
  server.set_error_handler(HandleHttpError);
  server.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
        log::Error("unexpected exception serving path={}", request.path);
        WriteReply(ErrorReply(LiveChatError(wire::error_type::kInternal)), response);
      });
  router_->Register(server);
  RegisterControlApi(server, *context_);

  absl::StatusOr<int> port = serving_.Start(server, options_.host, options_.port, kStartDeadline);
  if (absl::IsDeadlineExceeded(port.status())) {
    return absl::UnavailableError(port.status().message());
  }
  if (!port.ok()) return absl::UnavailableError(absl::StrCat("--port: ", port.status().message()));
  port_ = *port;
  if (absl::Status s = WritePortsFile(); !s.ok()) return s;
  log::Info("livechat-sim listening on http://{}:{} (API v{}, organization {})", options_.host,
            port_, options_.api_version, options_.organization_id);
  return absl::OkStatus();
}

absl::Status Simulator::WritePortsFile() const {
  if (options_.ports_file.empty()) return absl::OkStatus();
  absl::Status written =
      WriteFileAtomically(options_.ports_file, DumpJson(wire::Json{{"http", port_}}) + "\n");
  if (!written.ok()) {
    return absl::UnavailableError(absl::StrCat("--ports-file: ", written.message()));
  }
  return absl::OkStatus();
}

void Simulator::Stop() {
  serving_.Stop();
  // No calls arrive any more: stop timed work, then webhook deliveries.
  if (scheduler_) scheduler_->Stop();
  if (webhooks_) webhooks_->Stop();
}

}  // namespace hitl::sim

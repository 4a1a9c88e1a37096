#include "server/gateway.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "server/common/errors.h"
#include "server/common/executor.h"
#include "server/common/files.h"
#include "server/common/log.h"
#include "server/events/event_log.h"
#include "server/grpc/hitl_grpc_service.h"
#include "server/handoff/agent_event_ingest.h"
#include "server/handoff/customer_tokens.h"
#include "server/handoff/duty_lease.h"
#include "server/handoff/group_directory.h"
#include "server/handoff/handoff_service.h"
#include "server/handoff/session_ender.h"
#include "server/handoff/session_reconciler.h"
#include "server/livechat/httplib_transport.h"
#include "server/livechat/livechat_connection.h"
#include "server/livechat/livechat_status.h"
#include "server/livechat/wire/protocol.h"
#include "server/store/open_store.h"
#include "server/webhook/webhook_listener.h"

namespace hitl {

struct Gateway::Parts {
  config::Config config;
  Clock* clock = nullptr;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<Executor> executor;
  std::unique_ptr<events::EventLog> log;
  std::unique_ptr<livechat::HttplibTransport> transport;
  std::unique_ptr<livechat::LiveChatConnection> livechat;
  std::unique_ptr<handoff::CustomerTokens> tokens;
  std::unique_ptr<handoff::GroupDirectory> groups;
  std::unique_ptr<handoff::SessionEnder> ender;
  std::unique_ptr<handoff::SessionReconciler> reconciler;
  std::unique_ptr<handoff::DutyLease> duty_lease;
  std::unique_ptr<handoff::HandoffService> handoff;
  std::unique_ptr<handoff::AgentEventIngest> ingest;
  std::unique_ptr<grpc_api::ApiTokens> api_tokens;
  std::unique_ptr<grpc_api::HitlGrpcService> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<webhook::WebhookListener> listener;
  int grpc_port = 0;
  // Why LiveChat rejected the configuration, once it has.
  absl::Mutex mu;
  absl::Status config_problem ABSL_GUARDED_BY(mu);
};

namespace {

// After the last call ended, how long gRPC may take to flush answers and
// close connections gracefully.
constexpr absl::Duration kGrpcCloseMargin = absl::Milliseconds(250);
// How often calls cut at the end of the grace are cut again until they end.
constexpr absl::Duration kRecutInterval = absl::Milliseconds(50);

absl::Status WritePortsFile(const std::string& path, int grpc_port, int webhook_port) {
  absl::Status written = WriteFileAtomically(
      path, absl::StrCat("{\"grpc\": ", grpc_port, ", \"webhook\": ", webhook_port, "}\n"));
  if (!written.ok()) {
    return absl::UnavailableError(absl::StrCat("HITL_PORTS_FILE: cannot write ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view setting) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok() || content->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(setting, ": cannot read '", path, "'"));
  }
  return content;
}

// Plaintext, or TLS with the configured certificate and key.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const config::Config& config) {
  if (config.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  auto cert = ReadFile(config.tls_cert_file, "HITL_TLS_CERT");
  if (!cert.ok()) return cert.status();
  auto key = ReadFile(config.tls_key_file, "HITL_TLS_KEY");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

// Checks once that LiveChat accepts the agent token and knows the group.
// Uses its own short-fused connection so shutdown never waits long for it.
absl::Status CheckLiveChatConfiguration(const config::Config& config,
                                        livechat::HttpTransport& transport, Clock& clock) {
  livechat::LiveChatOptions options = config.livechat;
  options.call_timeout = std::min(options.call_timeout, absl::Seconds(5));
  options.retry = {.max_attempts = 2, .budget = absl::Seconds(5)};
  livechat::LiveChatConnection probe(options, transport, clock, livechat::DefaultJitter());
  handoff::GroupDirectory groups(probe, clock);
  const int64_t group_id = config.group_id;
  absl::Status listed = groups.Refresh();
  std::string type = livechat::LiveChatErrorType(listed);
  if (type == livechat::wire::error_type::kAuthentication) {
    return absl::FailedPreconditionError(
        absl::StrCat("LIVECHAT_AGENT_TOKEN was rejected by LiveChat: ", listed.message()));
  }
  if (!listed.ok()) {
    log::Warn("cannot list LiveChat groups to check LIVECHAT_GROUP_ID: {}", listed.message());
    return absl::OkStatus();
  }
  absl::Status group = groups.Check(group_id, "LIVECHAT_GROUP_ID");
  if (!group.ok()) return absl::FailedPreconditionError(group.message());
  log::Info("LiveChat configuration checked: group={} exists", group_id);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(const config::Config& config,
                                                        Clock& clock, StoreOpener open_store) {
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  p.config = config;
  p.clock = &clock;

  auto store = open_store ? open_store(config, clock) : store::OpenStore(config, clock);
  if (!store.ok()) return store.status();
  p.store = *std::move(store);
  p.executor = std::make_unique<Executor>(config.workers, config.workers * 64);
  p.log = std::make_unique<events::EventLog>(*p.store, *p.store, *p.executor,
                                             config.subscriber_queue);
  if (absl::Status s = p.log->Start(); !s.ok()) return s;
  p.transport = std::make_unique<livechat::HttplibTransport>(
      livechat::HttplibTransportOptions{.ca_file = config.livechat_ca_file});
  p.livechat = std::make_unique<livechat::LiveChatConnection>(
      config.livechat, *p.transport, clock, livechat::DefaultJitter());
  p.tokens = std::make_unique<handoff::CustomerTokens>(*p.store, *p.livechat, clock);
  p.groups = std::make_unique<handoff::GroupDirectory>(*p.livechat, clock);
  p.ender = std::make_unique<handoff::SessionEnder>(*p.store, *p.livechat, clock);
  p.reconciler = std::make_unique<handoff::SessionReconciler>(*p.store, *p.livechat, *p.ender);
  p.duty_lease = std::make_unique<handoff::DutyLease>(*p.store, config.replica_id,
                                                      config.duty_lease);
  p.handoff = std::make_unique<handoff::HandoffService>(
      config.group_id, *p.store, *p.livechat, *p.tokens, *p.groups, *p.ender, clock,
      handoff::ClaimPolicy{.keep = config.journal_retention});
  p.ingest = std::make_unique<handoff::AgentEventIngest>(*p.store, *p.ender, clock,
                                                         config.livechat.organization_id);
  p.api_tokens = std::make_unique<grpc_api::ApiTokens>(config.api_tokens);
  p.service = std::make_unique<grpc_api::HitlGrpcService>(*p.handoff, *p.log, *p.executor,
                                                          *p.api_tokens);
  auto credentials = ServerCredentials(config);
  if (!credentials.ok()) return credentials.status();

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.grpc_addr, *credentials, &p.grpc_port);
  builder.RegisterService(p.service.get());
  // A request is refused once it is larger than this (RESOURCE_EXHAUSTED);
  // the quota bounds what all connections together buffer meanwhile.
  builder.SetMaxReceiveMessageSize(static_cast<int>(config.grpc_max_request_bytes));
  grpc::ResourceQuota quota("hitl-grpc");
  quota.Resize(config.grpc_memory_limit_bytes);
  builder.SetResourceQuota(quota);
  // Reflection is a sync service: its pollers notice shutdown only when
  // their wait times out (10 s by default), which would stall every exit.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::CQ_TIMEOUT_MSEC, 100);
  // Agent event streams live for hours: find dead peers, let clients ping.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  p.server = builder.BuildAndStart();
  if (!p.server || p.grpc_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("HITL_GRPC_ADDR: cannot listen on ", config.grpc_addr));
  }

  webhook::WebhookListenerOptions listener_options{.path = config.webhook_path,
                                                   .secret = config.webhook_secret,
                                                   .threads = config.webhook_threads,
                                                   .max_connections = config.webhook_max_connections,
                                                   .request_timeout = config.webhook_request_timeout};
  if (absl::Status s = webhook::ParseHostPort(config.webhook_addr, "HITL_WEBHOOK_ADDR",
                                              &listener_options.host, &listener_options.port);
      !s.ok()) {
    p.server->Shutdown();
    return s;
  }
  handoff::AgentEventIngest* ingest = p.ingest.get();
  std::unique_ptr<Gateway> gateway(new Gateway(std::move(parts)));
  Gateway* self = gateway.get();
  self->parts_->listener = std::make_unique<webhook::WebhookListener>(
      listener_options,
      [ingest](const webhook::ParsedWebhook& hook) -> absl::StatusOr<std::string> {
        auto outcome = ingest->Ingest(hook);
        if (!outcome.ok()) return outcome.status();
        return std::string(handoff::OutcomeName(*outcome));
      },
      [self] { return self->Ready(); });
  if (absl::Status s = self->parts_->listener->Start(); !s.ok()) {
    self->Shutdown();
    return s;
  }
  if (!config.ports_file.empty()) {
    if (absl::Status s = WritePortsFile(config.ports_file, self->grpc_port(),
                                        self->webhook_port());
        !s.ok()) {
      self->Shutdown();
      return s;
    }
  }
  self->parts_->server->GetHealthCheckService()->SetServingStatus(true);
  self->parts_->duty_lease->Start();
  self->maintenance_ = std::thread([self] { self->Maintain(); });
  log::Info("hitl-gateway serving replica={} grpc_port={} tls={} api_tokens={} "
            "webhook_port={} webhook_path={}",
            config.replica_id, self->grpc_port(), config.tls_cert_file.empty() ? "off" : "on",
            config.api_tokens.size(), self->webhook_port(), config.webhook_path);
  return gateway;
}

Gateway::Gateway(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Gateway::~Gateway() { Shutdown(); }

int Gateway::grpc_port() const { return parts_->grpc_port; }
int Gateway::webhook_port() const { return parts_->listener ? parts_->listener->port() : 0; }

absl::Status Gateway::Ready() {
  if (absl::Status s = parts_->store->Ping(); !s.ok()) return s;
  absl::MutexLock lock(&parts_->mu);
  return parts_->config_problem;
}

void Gateway::Maintain() {
  // Check LiveChat once; then, until stopped, run the cluster's duties
  // whenever this replica holds the duty lease: at once when it gets it
  // (the previous holder may have died mid-run), then every interval.
  absl::Status problem =
      CheckLiveChatConfiguration(parts_->config, *parts_->transport, *parts_->clock);
  if (!problem.ok()) {
    log::Error("configuration rejected: {}", problem.message());
    absl::MutexLock lock(&parts_->mu);
    parts_->config_problem = problem;
  }
  auto stopping = [this] {
    absl::MutexLock lock(&mu_);
    return stopping_;
  };
  const handoff::DutyLease& lease = *parts_->duty_lease;
  const absl::Duration tick = std::min(parts_->config.duty_lease / 3,
                                       parts_->config.reconcile_interval);
  std::optional<absl::Time> next_run;  // unset: not holding the lease
  while (!stopping()) {
    if (!lease.held()) {
      next_run.reset();
    } else if (!next_run || absl::Now() >= *next_run) {
      RunDuties([&] { return stopping() || !lease.held(); });
      next_run = absl::Now() + parts_->config.reconcile_interval;
    }
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), tick);
  }
}

void Gateway::RunDuties(const std::function<bool()>& stopping) {
  auto reconciled = parts_->reconciler->RunOnce(stopping);
  if (!reconciled.ok()) {
    log::Error("reconciling sessions failed: {}", reconciled.status().message());
  } else if (*reconciled > 0) {
    log::Info("reconcile ended sessions={} whose chat LiveChat had closed", *reconciled);
  }
  // Renew tokens that would need it before the next run or two, so sends
  // never wait for a renewal.
  auto renewed =
      parts_->tokens->RenewExpiring(2 * parts_->config.reconcile_interval, stopping);
  if (!renewed.ok()) {
    log::Error("proactive token renewal failed: {}", renewed.status().message());
  } else if (*renewed > 0) {
    log::Info("proactive token renewal renewed={}", *renewed);
  }
  if (stopping()) return;
  absl::Time cutoff = parts_->clock->Now() - parts_->config.journal_retention;
  auto pruned = parts_->store->Prune(cutoff);
  if (!pruned.ok()) {
    log::Error("journal retention failed: {}", pruned.status().message());
  } else if (*pruned > 0) {
    log::Info("journal retention removed={}", *pruned);
  }
  if (absl::Status s = parts_->store->ForgetExpired(); !s.ok()) {
    log::Error("forgetting expired request records failed: {}", s.message());
  }
}

void Gateway::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
  }
  Parts& p = *parts_;
  // The grace counts from the signal.
  const absl::Time cut_at = absl::Now() + p.config.shutdown_grace;
  log::Info("shutting down");
  if (p.server) p.server->GetHealthCheckService()->SetServingStatus(false);
  // Calls in progress make one more attempt at most, so shutdown stays
  // within its grace period instead of a LiveChat retry budget.
  if (p.livechat) p.livechat->StopRetrying();
  if (p.listener) p.listener->Stop();
  if (p.service) p.service->StopTakingCalls();
  if (p.log) {
    p.log->CloseAll(MakeError(absl::StatusCode::kUnavailable, reason::kShuttingDown,
                              "the gateway is shutting down; resubscribe with the cursor "
                              "of the last event you processed"));
  }
  if (p.service && !p.service->AwaitCallsEnded(cut_at)) {
    log::Warn("shutdown grace over: cutting the calls still in progress");
    p.service->CutCallsInProgress();
    // Again until they end: an exchange that was only connecting at a cut
    // may start after it.
    do {
      p.transport->CancelAll();
    } while (!p.service->AwaitCallsEnded(absl::Now() + kRecutInterval));
  }
  // Nothing may talk to LiveChat any more (a reconciliation in progress).
  if (p.transport) p.transport->CancelAll();
  // Our calls have ended; gRPC need not wait for clients to drop their
  // connections (it would, for seconds) beyond a moment to flush answers.
  if (p.server) p.server->Shutdown(absl::ToChronoTime(absl::Now() + kGrpcCloseMargin));
  if (p.executor) p.executor->Shutdown();
  if (maintenance_.joinable()) maintenance_.join();
  // Released, so another replica takes the duties over at once.
  if (p.duty_lease) p.duty_lease->Stop();
  if (p.store) p.store->Close();
  log::Info("shut down cleanly");
}

}  // namespace hitl

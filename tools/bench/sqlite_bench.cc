#include "tools/bench/sqlite_bench.h"

#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "server/common/random_ids.h"
#include "tools/bench/agent_webhook.h"
#include "tools/bench/bench_gateway.h"
#include "tools/bench/event_watcher.h"
#include "tools/bench/webhook_load.h"

namespace hitl::bench {
namespace {

constexpr absl::Duration kCallDeadline = absl::Seconds(30);

// A fresh directory for the database, removed with it.
class DatabaseDir {
 public:
  DatabaseDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hitl-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~DatabaseDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// SendMessage, sequentially then from concurrent bots.
void MeasureSendMessage(const BenchOptions& options, BenchGateway& gateway,
                        const std::vector<hitl::v1::Session>& sessions) {
  auto send = [&](int i, Samples& samples) {
    hitl::v1::SendMessageRequest request;
    request.set_session_id(sessions[i % sessions.size()].session_id());
    request.set_text(absl::StrCat("message ", i));
    request.set_request_id(RandomUuid());
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
    hitl::v1::SendMessageResponse response;
    absl::Time begin = absl::Now();
    grpc::Status status = gateway.stub->SendMessage(&context, request, &response);
    samples.Add(absl::Now() - begin);
    if (!status.ok()) std::fprintf(stderr, "SendMessage: %s\n", status.error_message().c_str());
  };
  Samples sequential;
  for (int i = 0; i < options.messages; ++i) send(i, sequential);
  Report("SendMessage (sequential)", sequential.Summarise().ToString());
  Samples concurrent;
  absl::Duration wall = RunConcurrently(options.messages, options.concurrency,
                                        [&](int i) { send(i, concurrent); });
  Report(absl::StrCat("SendMessage (", options.concurrency, " bots)"),
         absl::StrFormat("%s, %.0f msg/s", concurrent.Summarise().ToString(),
                         options.messages / absl::ToDoubleSeconds(wall)));
}

}  // namespace

absl::StatusOr<SqliteFigures> RunSqliteBench(const BenchContext& context) {
  const BenchOptions& options = context.options;
  DatabaseDir dir;
  if (dir.path().empty()) return absl::UnavailableError("cannot make a directory for HITL_DB");
  Settings settings = GatewaySettings(context.sim, context.sim_port, options.webhook_threads);
  settings["HITL_DB"] = dir.path() + "/bench.db";
  auto gateway = StartGateway(settings);
  if (!gateway.ok()) return gateway.status();
  if (absl::Status s = SendWebhooksTo(context.sim_port, {(*gateway)->webhook_url()}); !s.ok()) {
    return s;
  }
  std::printf("SQLite: one gateway\n");

  SqliteFigures figures;
  Samples start_latency;
  auto sessions = StartSessions({gateway->get()}, "bench-sqlite-user", options.sessions,
                                &start_latency);
  if (!sessions.ok()) return sessions.status();
  figures.sessions = *sessions;
  Report("StartHitl (sequential)", start_latency.Summarise().ToString());

  MeasureSendMessage(options, **gateway, figures.sessions);

  auto watcher = EventWatcher::Open(*(*gateway)->stub);
  if (!watcher.ok()) return watcher.status();
  auto body = [&](const std::string& tag) {
    return [&, tag](int i, const std::string& text) {
      const auto& session = figures.sessions[i % figures.sessions.size()];
      return AgentMessageWebhook(context.sim, session, absl::StrCat(tag, "_", i), text);
    };
  };
  WebhookLoad load{.ports = {(*gateway)->webhook_port()},
                   .total = WarmUpWebhooks(options),
                   .concurrency = options.concurrency};
  MeasureIngest(load, "warm-sqlite", body("warm-sqlite"), {watcher->get()});
  load.total = options.webhooks;
  figures.ingest = MeasureIngest(load, "ingest-sqlite", body("ingest-sqlite"), {watcher->get()});
  Report(absl::StrCat("webhook ingest, delivered (", options.concurrency, " conns)"),
         figures.ingest.ToString());

  // Agent event delivery to a bot's stream: from a webhook POSTed straight
  // to the gateway (its own share), and from an agent message in the
  // simulator (adds the simulator's webhook delivery).
  httplib::Client direct("127.0.0.1", (*gateway)->webhook_port());
  direct.set_tcp_nodelay(true);
  auto probe = body("probe-sqlite");
  Report("webhook -> bot stream",
         MeasureDelivery(**watcher, "probe-sqlite", options.events,
                         [&](int i, const std::string& text) {
                           direct.Post("/livechat/webhook", probe(i, text), "application/json");
                         })
             .ToString());
  httplib::Client control("127.0.0.1", context.sim_port);
  control.set_tcp_nodelay(true);
  Report("sim agent message -> bot stream",
         MeasureDelivery(**watcher, "sim-probe", options.events,
                         [&](int i, const std::string& text) {
                           const auto& session = figures.sessions[i % figures.sessions.size()];
                           control.Post(absl::StrCat("/sim/chats/", session.chat_id(),
                                                     "/agent_message"),
                                        nlohmann::json{{"text", text}}.dump(),
                                        "application/json");
                         })
             .ToString());
  watcher->reset();
  (*gateway)->gateway->Shutdown();
  return figures;
}

}  // namespace hitl::bench

// hitl-bench: measures the gateway against livechat-sim on loopback, both in
// this process, and prints figures (no pass/fail). What it measures:
//   StartHitl latency          sequential calls (customer, update, start_chat, transfer)
//   SendMessage latency         sequential, and throughput with concurrent bots
//   webhook ingest              concurrent LiveChat-style POSTs, each journaled (fsync)
//   agent event delivery        agent message in the simulator -> event on a bot's stream
// Usage: hitl-bench [--sessions N] [--messages N] [--webhooks N] [--concurrency N]
//                   [--events N]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "server/common/command_line.h"
#include "server/common/log.h"
#include "server/common/random_ids.h"
#include "server/config/config.h"
#include "server/gateway.h"
#include "server/livechat/wire/webhooks.h"
#include "tools/livechat-sim/gateway_settings.h"
#include "tools/livechat-sim/simulator.h"

namespace hitl::bench {
namespace {

namespace wire = livechat::wire;

constexpr char kUsage[] =
    "Usage: hitl-bench [--sessions N] [--messages N] [--webhooks N] [--concurrency N] "
    "[--events N]";

struct Flags {
  int sessions = 50;
  int messages = 500;
  int webhooks = 4000;
  int concurrency = 8;
  int events = 200;
};

// Latencies in milliseconds, summarised.
class Samples {
 public:
  void Add(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    ms_.push_back(absl::ToDoubleMilliseconds(d));
  }
  std::string Summary() {
    absl::MutexLock lock(&mu_);
    if (ms_.empty()) return "no samples";
    std::sort(ms_.begin(), ms_.end());
    auto at = [&](double q) { return ms_[std::min(ms_.size() - 1, size_t(q * ms_.size()))]; };
    return absl::StrFormat("n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", ms_.size(),
                           at(0.5), at(0.9), at(0.99), ms_.back());
  }

 private:
  absl::Mutex mu_;
  std::vector<double> ms_;
};

void Report(const std::string& what, const std::string& figures) {
  std::printf("%-34s %s\n", what.c_str(), figures.c_str());
  std::fflush(stdout);
}

hitl::v1::StartHitlRequest StartRequest(int i) {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id(absl::StrCat("bench-user-", i));
  request.set_title("Benchmark");
  auto* said = request.add_transcript();
  said->set_role(hitl::v1::AUTHOR_ROLE_USER);
  said->set_text("hello");
  request.set_request_id(RandomUuid());
  return request;
}

// Runs `work(i)` for i in [0, total) on `threads` threads; returns wall time.
absl::Duration RunConcurrently(int total, int threads, const std::function<void(int)>& work) {
  std::atomic<int> next{0};
  absl::Time begin = absl::Now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < total; i = next++) work(i);
    });
  }
  for (auto& thread : pool) thread.join();
  return absl::Now() - begin;
}

// A LiveChat incoming_event webhook: agent jane writes `text` in the session.
std::string AgentMessageWebhook(const sim::SimulatorOptions& sim, const hitl::v1::Session& session,
                                const std::string& event_id, const std::string& text) {
  wire::IncomingEventPayload payload{
      .chat_id = session.chat_id(),
      .thread_id = session.thread_id(),
      .event = {.id = event_id, .created_at = "2026-01-01T00:00:00.000000Z", .type = "message",
                .author_id = "jane.doe@example.com", .visibility = "all", .text = text}};
  wire::WebhookEnvelope envelope{.webhook_id = "bench", .secret_key = sim.webhook_secret,
                                 .action = "incoming_event",
                                 .organization_id = sim.organization_id,
                                 .payload = wire::ToJson(payload)};
  return wire::ToJson(envelope).dump();
}

int Run(const Flags& flags) {
  sim::SimulatorOptions sim_options;
  sim_options.server_threads = 64;
  sim::Simulator simulator(sim_options);
  if (absl::Status s = simulator.Start(); !s.ok()) {
    std::fprintf(stderr, "livechat-sim: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  char dir_template[] = "/tmp/hitl-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  auto settings = sim::GatewaySettingsFor(sim_options, simulator.port(), 7);
  settings.insert({{"HITL_GRPC_ADDR", "127.0.0.1:0"},
                   {"HITL_WEBHOOK_ADDR", "127.0.0.1:0"},
                   {"HITL_DB", dir + "/bench.db"},
                   {"HITL_WEBHOOK_THREADS", "32"},
                   {"HITL_SUBSCRIBER_QUEUE", "100000"}});
  auto loaded = config::Load({}, [&](const std::string& name) -> std::optional<std::string> {
    auto it = settings.find(name);
    if (it == settings.end()) return std::nullopt;
    return it->second;
  });
  if (!loaded.ok()) return 1;
  (void)log::Init("error");
  auto gateway = Gateway::Start(loaded->config);
  if (!gateway.ok()) {
    std::fprintf(stderr, "gateway: %s\n", std::string(gateway.status().message()).c_str());
    return 1;
  }
  const std::string hook_url =
      absl::StrCat("http://127.0.0.1:", (*gateway)->webhook_port(), "/livechat/webhook");
  {
    httplib::Client control("127.0.0.1", simulator.port());
    control.Post("/sim/config", absl::StrCat(R"({"webhook_url":")", hook_url, R"("})"),
                 "application/json");
  }
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*gateway)->grpc_port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = hitl::v1::HitlService::NewStub(channel);
  std::printf("hitl-bench: gateway and livechat-sim on loopback, %u cores\n\n",
              std::thread::hardware_concurrency());

  // StartHitl, sequentially.
  Samples start_latency;
  std::vector<hitl::v1::Session> sessions;
  for (int i = 0; i < flags.sessions; ++i) {
    grpc::ClientContext context;
    hitl::v1::StartHitlResponse response;
    absl::Time begin = absl::Now();
    grpc::Status status = stub->StartHitl(&context, StartRequest(i), &response);
    start_latency.Add(absl::Now() - begin);
    if (!status.ok()) {
      std::fprintf(stderr, "StartHitl: %s\n", status.error_message().c_str());
      return 1;
    }
    sessions.push_back(response.session());
  }
  Report("StartHitl (sequential)", start_latency.Summary());

  // SendMessage, sequentially then concurrently.
  auto send = [&](int i, Samples& samples) {
    hitl::v1::SendMessageRequest request;
    request.set_session_id(sessions[i % sessions.size()].session_id());
    request.set_text(absl::StrCat("message ", i));
    request.set_request_id(RandomUuid());
    grpc::ClientContext context;
    hitl::v1::SendMessageResponse response;
    absl::Time begin = absl::Now();
    grpc::Status status = stub->SendMessage(&context, request, &response);
    samples.Add(absl::Now() - begin);
    if (!status.ok()) std::fprintf(stderr, "SendMessage: %s\n", status.error_message().c_str());
  };
  Samples send_sequential;
  for (int i = 0; i < flags.messages; ++i) send(i, send_sequential);
  Report("SendMessage (sequential)", send_sequential.Summary());
  Samples send_concurrent;
  absl::Duration wall = RunConcurrently(flags.messages, flags.concurrency,
                                        [&](int i) { send(i, send_concurrent); });
  Report(absl::StrCat("SendMessage (", flags.concurrency, " bots)"),
         absl::StrFormat("%s, %.0f msg/s", send_concurrent.Summary(),
                         flags.messages / absl::ToDoubleSeconds(wall)));

  // Webhook ingest: each POST is parsed, verified and journaled before 200.
  Samples hook_latency;
  std::atomic<int> hook_failures{0};
  thread_local std::unique_ptr<httplib::Client> client;
  wall = RunConcurrently(flags.webhooks, flags.concurrency, [&](int i) {
    if (!client) {
      client = std::make_unique<httplib::Client>("127.0.0.1", (*gateway)->webhook_port());
      client->set_tcp_nodelay(true);
      client->set_keep_alive(true);
    }
    const auto& session = sessions[i % sessions.size()];
    std::string body = AgentMessageWebhook(sim_options, session,
                                           absl::StrCat(session.thread_id(), "_bench", i),
                                           "agent reply");
    absl::Time begin = absl::Now();
    auto result = client->Post("/livechat/webhook", body, "application/json");
    hook_latency.Add(absl::Now() - begin);
    if (!result || result->status != 200) ++hook_failures;
  });
  Report(absl::StrCat("webhook ingest (", flags.concurrency, " conns)"),
         absl::StrFormat("%s, %.0f webhooks/s, %d failed", hook_latency.Summary(),
                         flags.webhooks / absl::ToDoubleSeconds(wall), hook_failures.load()));

  // Agent event delivery to a bot's stream: from a webhook POSTed straight
  // to the gateway (its own share), and from an agent message in the
  // simulator (adds the simulator's webhook delivery).
  auto delivery = [&](const std::string& label, const std::function<void(int, const std::string&)>& emit) {
    grpc::ClientContext context;
    hitl::v1::SubscribeAgentEventsRequest request;  // all sessions, live
    auto reader = stub->SubscribeAgentEvents(&context, request);
    absl::Mutex mu;
    std::map<std::string, absl::Time> sent_at;  // text -> when it was emitted
    Samples samples;
    std::atomic<int> received{0};
    std::thread reading([&] {
      hitl::v1::AgentEvent event;
      while (reader->Read(&event)) {
        absl::Time now = absl::Now();
        absl::MutexLock lock(&mu);
        auto it = sent_at.find(event.agent_message().text());
        if (it != sent_at.end()) {
          samples.Add(now - it->second);
          ++received;
        }
      }
    });
    absl::SleepFor(absl::Milliseconds(200));  // let the stream open before measuring
    for (int i = 0; i < flags.events; ++i) {
      std::string text = absl::StrCat(label, " probe ", i);
      {
        absl::MutexLock lock(&mu);
        sent_at[text] = absl::Now();
      }
      emit(i, text);
      absl::SleepFor(absl::Milliseconds(2));  // one at a time: latency, not queueing
    }
    absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (received.load() < flags.events && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    context.TryCancel();
    reading.join();
    Report(label, samples.Summary());
  };
  httplib::Client direct("127.0.0.1", (*gateway)->webhook_port());
  direct.set_tcp_nodelay(true);
  delivery("webhook -> bot stream", [&](int i, const std::string& text) {
    const auto& session = sessions[i % sessions.size()];
    direct.Post("/livechat/webhook",
                AgentMessageWebhook(sim_options, session, absl::StrCat("probe", i), text),
                "application/json");
  });
  httplib::Client control("127.0.0.1", simulator.port());
  control.set_tcp_nodelay(true);
  delivery("sim agent message -> bot stream", [&](int i, const std::string& text) {
    control.Post(absl::StrCat("/sim/chats/", sessions[i % sessions.size()].chat_id(),
                              "/agent_message"),
                 absl::StrCat(R"({"text":")", text, R"("})"), "application/json");
  });
  (*gateway)->Shutdown();
  simulator.Stop();
  std::string db = dir + "/bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  std::remove(dir.c_str());
  return 0;
}

}  // namespace
}  // namespace hitl::bench

int main(int argc, char** argv) {
  auto args = hitl::ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc), {},
                                     /*allow_positional=*/false);
  if (!args.ok()) {
    std::fprintf(stderr, "hitl-bench: %s\n", std::string(args.status().message()).c_str());
    return 2;
  }
  if (args->help) {
    std::printf("%s\n", hitl::bench::kUsage);
    return 0;
  }
  hitl::bench::Flags flags;
  const std::vector<std::pair<std::string, int*>> numbers = {
      {"sessions", &flags.sessions}, {"messages", &flags.messages},
      {"webhooks", &flags.webhooks}, {"concurrency", &flags.concurrency},
      {"events", &flags.events}};
  std::vector<std::string> known;
  for (const auto& [name, into] : numbers) known.push_back(name);
  if (absl::Status s = args->OnlyKnown(known); !s.ok()) {
    std::fprintf(stderr, "hitl-bench: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  for (const auto& [name, into] : numbers) {
    auto text = args->Get(name);
    if (!text) continue;  // keeps the default
    int value = 0;
    if (!absl::SimpleAtoi(*text, &value) || value <= 0) {
      std::fprintf(stderr, "hitl-bench: --%s wants a positive number\n", name.c_str());
      return 2;
    }
    *into = value;
  }
  return hitl::bench::Run(flags);
}

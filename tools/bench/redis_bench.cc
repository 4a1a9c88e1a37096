#include "tools/bench/redis_bench.h"

#include <hiredis/hiredis.h>
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "tools/bench/agent_webhook.h"
#include "tools/bench/bench_gateway.h"
#include "tools/bench/event_watcher.h"
#include "tools/bench/raw_ingest_server.h"
#include "tools/processes/redis_server.h"

namespace hitl::bench {
namespace {

using BodyFn = std::function<std::string(int, const std::string&)>;
using testing::RedisServer;

// FLUSHALL: a clean data set between runs.
absl::Status FlushAll(const RedisServer& redis) {
  redisContext* context =
      redisConnectWithTimeout("127.0.0.1", redis.port(), absl::ToTimeval(absl::Seconds(2)));
  if (context == nullptr || context->err) {
    if (context != nullptr) redisFree(context);
    return absl::UnavailableError(absl::StrCat("cannot connect to ", redis.url()));
  }
  auto* reply = static_cast<redisReply*>(redisCommand(context, "FLUSHALL"));
  const bool flushed = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
  if (reply != nullptr) freeReplyObject(reply);
  redisFree(context);
  if (!flushed) return absl::UnavailableError(absl::StrCat("FLUSHALL on ", redis.url(), " failed"));
  return absl::OkStatus();
}

// Webhooks of agent messages, spread over `sessions`, event ids "<tag>_<i>".
BodyFn Webhooks(const BenchContext& context, const std::vector<hitl::v1::Session>& sessions,
                const std::string& tag) {
  return [&context, &sessions, tag](int i, const std::string& text) {
    return AgentMessageWebhook(context.sim, sessions[i % sessions.size()],
                               absl::StrCat(tag, "_", i), text);
  };
}

// A warm-up run, then the measured one.
IngestFigures WarmThenMeasure(const BenchContext& context, WebhookLoad load,
                              const std::vector<hitl::v1::Session>& sessions,
                              const std::string& name, const std::vector<EventWatcher*>& watchers) {
  const int total = load.total;
  load.total = WarmUpWebhooks(context.options);
  std::string warm = absl::StrCat("warm-", name);
  MeasureIngest(load, warm, Webhooks(context, sessions, warm), watchers);
  load.total = total;
  std::string tag = absl::StrCat("ingest-", name);
  return MeasureIngest(load, tag, Webhooks(context, sessions, tag), watchers);
}

absl::StatusOr<IngestFigures> RunRaw(const BenchContext& context, RedisServer& redis,
                                     const std::vector<hitl::v1::Session>& sessions) {
  if (absl::Status s = FlushAll(redis); !s.ok()) return s;
  auto raw = RawIngestServer::Start(
      {.redis_port = redis.port(),
       .threads = static_cast<size_t>(context.options.webhook_threads)});
  if (!raw.ok()) return raw.status();
  WebhookLoad load{.ports = {(*raw)->port()},
                   .total = context.options.webhooks,
                   .concurrency = context.options.concurrency};
  IngestFigures figures = WarmThenMeasure(context, load, sessions, "raw", {});
  Report(absl::StrCat("raw httplib + XADD (", context.options.concurrency, " conns)"),
         figures.ToString());
  return figures;
}

// One run with `count` replicas; measures the latencies too when asked.
absl::StatusOr<IngestFigures> RunReplicas(const BenchContext& context, RedisServer& redis,
                                          int count, RedisFigures* latencies) {
  const BenchOptions& options = context.options;
  if (absl::Status s = FlushAll(redis); !s.ok()) return s;
  std::vector<std::unique_ptr<BenchGateway>> gateways;
  std::vector<BenchGateway*> replicas;
  std::vector<std::string> urls;
  std::vector<int> ports;
  for (int r = 1; r <= count; ++r) {
    Settings settings = GatewaySettings(context.sim, context.sim_port, options.webhook_threads);
    settings.insert({{"HITL_REDIS_URL", redis.url()},
                     {"HITL_REDIS_PREFIX", absl::StrCat("bench-", count, "-replicas")},
                     {"HITL_REPLICA_ID", absl::StrCat("bench-", r)}});
    auto gateway = StartGateway(settings);
    if (!gateway.ok()) return gateway.status();
    replicas.push_back(gateway->get());
    urls.push_back((*gateway)->webhook_url());
    ports.push_back((*gateway)->webhook_port());
    gateways.push_back(*std::move(gateway));
  }
  if (absl::Status s = SendWebhooksTo(context.sim_port, urls); !s.ok()) return s;
  const std::string name = absl::StrCat("redis", count);
  auto sessions = StartSessions(replicas, absl::StrCat("bench-", name, "-user"), options.sessions);
  if (!sessions.ok()) return sessions.status();

  std::vector<std::unique_ptr<EventWatcher>> watchers;
  std::vector<EventWatcher*> watching;
  for (BenchGateway* replica : replicas) {
    auto watcher = EventWatcher::Open(*replica->stub);
    if (!watcher.ok()) return watcher.status();
    watching.push_back(watcher->get());
    watchers.push_back(*std::move(watcher));
  }
  WebhookLoad load{.ports = ports, .total = options.webhooks, .concurrency = options.concurrency};
  IngestFigures figures = WarmThenMeasure(context, load, *sessions, name, watching);
  Report(absl::StrCat("Redis, ", count, count == 1 ? " replica" : " replicas"),
         figures.ToString());

  if (count >= 2 && latencies != nullptr) {
    httplib::Client first("127.0.0.1", ports[0]);
    first.set_tcp_nodelay(true);
    auto probe = [&](const std::string& tag) {
      BodyFn body = Webhooks(context, *sessions, tag);
      return [&first, body](int i, const std::string& text) {
        first.Post("/livechat/webhook", body(i, text), "application/json");
      };
    };
    latencies->same_replica = MeasureDelivery(*watchers[0], "same-replica", options.events,
                                              probe("same-replica"));
    Report("webhook -> stream, same replica (1->1)", latencies->same_replica->ToString());
    latencies->across_replicas = MeasureDelivery(*watchers[1], "across-replicas",
                                                 options.events, probe("across-replicas"));
    Report("webhook -> stream, across (1->2)", latencies->across_replicas->ToString());
  }
  watchers.clear();
  for (auto& gateway : gateways) gateway->gateway->Shutdown();
  return figures;
}

// The median run by throughput (the lower one of an even count).
IngestFigures Median(std::vector<IngestFigures> runs) {
  std::sort(runs.begin(), runs.end(), [](const IngestFigures& a, const IngestFigures& b) {
    return a.per_second < b.per_second;
  });
  return runs[(runs.size() - 1) / 2];
}

}  // namespace

absl::StatusOr<RedisFigures> RunRedisBench(const BenchContext& context,
                                           const std::vector<hitl::v1::Session>& sample_sessions) {
  // Durable like production; no automatic AOF rewrite in mid-measurement.
  auto redis = RedisServer::Start({.extra_args = {"--auto-aof-rewrite-percentage", "0"}});
  if (!redis.ok()) return redis.status();
  std::printf("\nRedis: redis-server on 127.0.0.1 (appendonly yes, appendfsync always); "
              "a subscriber on every replica\n");
  RedisFigures figures;
  figures.rounds = std::max(1, context.options.rounds);
  std::vector<IngestFigures> raw_runs;
  std::map<int, std::vector<IngestFigures>> replica_runs;
  for (int round = 1; round <= figures.rounds; ++round) {
    if (figures.rounds > 1) std::printf("round %d of %d\n", round, figures.rounds);
    auto raw = RunRaw(context, **redis, sample_sessions);
    if (!raw.ok()) return raw.status();
    raw_runs.push_back(*raw);
    for (int count : context.options.redis_replicas) {
      bool wants_latency = count >= 2 && !figures.across_replicas;
      auto run = RunReplicas(context, **redis, count, wants_latency ? &figures : nullptr);
      if (!run.ok()) return run.status();
      replica_runs[count].push_back(*run);
    }
  }
  figures.raw = Median(raw_runs);
  for (int count : context.options.redis_replicas) {
    figures.replicas.emplace_back(count, Median(replica_runs[count]));
  }
  return figures;
}

}  // namespace hitl::bench

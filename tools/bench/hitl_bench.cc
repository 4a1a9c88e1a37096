// hitl-bench: measures the gateway against livechat-sim on loopback, both in
// this process, and prints figures (no pass/fail). What it measures:
//   StartHitl latency          sequential calls (customer, update, start_chat, transfer)
//   SendMessage latency        sequential, and throughput with concurrent bots
//   webhook ingest             concurrent LiveChat-style POSTs, each journaled
//                              durably and counted once it reached a subscriber:
//                              on SQLite; on Redis with 1, 2, 4 replicas; and a
//                              raw baseline (httplib + one XADD) on the same Redis
//   agent event delivery       webhook or simulator agent message -> event on a
//                              bot's stream; on Redis also from one replica to another
// The Redis part needs /usr/bin/redis-server; without it, it is skipped.
#include <cstdio>
#include <optional>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/common/command_line.h"
#include "server/common/log.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/redis_bench.h"
#include "tools/processes/redis_server.h"
#include "tools/bench/sqlite_bench.h"
#include "tools/bench/summary.h"
#include "tools/livechat-sim/simulator.h"

namespace hitl::bench {
namespace {

constexpr char kUsage[] =
    "Usage: hitl-bench [--sessions N] [--messages N] [--webhooks N] [--concurrency N]\n"
    "                  [--events N] [--webhook-threads N] [--redis-replicas LIST]\n"
    "                  [--rounds N]\n"
    "  --rounds          Redis part: raw and replica runs interleaved N times, the\n"
    "                    median of each printed (default 3)\n"
    "  --redis-replicas  comma list of replica counts to run on Redis (default 1,2,4);\n"
    "                    'none' skips the Redis part";
constexpr int kMaxReplicas = 16;

int Run(const BenchOptions& options) {
  sim::SimulatorOptions sim_options;
  sim_options.server_threads = 64;
  sim::Simulator simulator(sim_options);
  if (absl::Status s = simulator.Start(); !s.ok()) {
    std::fprintf(stderr, "livechat-sim: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  (void)log::Init("error");
  BenchContext context{.options = options, .sim = sim_options, .sim_port = simulator.port()};
  std::printf("hitl-bench: gateways, livechat-sim and clients in one process on loopback, "
              "%u cores; %d client threads, %d webhooks per ingest run\n\n",
              std::thread::hardware_concurrency(), options.concurrency, options.webhooks);

  auto sqlite = RunSqliteBench(context);
  if (!sqlite.ok()) {
    std::fprintf(stderr, "hitl-bench: SQLite part: %s\n",
                 std::string(sqlite.status().message()).c_str());
    return 1;
  }
  std::optional<RedisFigures> redis;
  if (options.redis_replicas.empty()) {
    std::printf("\nRedis part skipped (--redis-replicas none)\n");
  } else if (!testing::RedisServer::Installed()) {
    std::printf("\nRedis part skipped: redis-server is not installed (/usr/bin/redis-server)\n");
  } else {
    auto figures = RunRedisBench(context, sqlite->sessions);
    if (!figures.ok()) {
      std::fprintf(stderr, "hitl-bench: Redis part: %s\n",
                   std::string(figures.status().message()).c_str());
      return 1;
    }
    redis = *std::move(figures);
  }
  PrintSummary(*sqlite, redis);
  simulator.Stop();
  return 0;
}

// "1,2,4" -> {1, 2, 4}; "none" -> {}.
std::optional<std::vector<int>> ParseReplicaCounts(const std::string& text) {
  std::vector<int> counts;
  if (text == "none") return counts;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    int count = 0;
    if (!absl::SimpleAtoi(part, &count) || count < 1 || count > kMaxReplicas) return std::nullopt;
    counts.push_back(count);
  }
  return counts;
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
  hitl::bench::BenchOptions options;
  const std::vector<std::pair<std::string, int*>> numbers = {
      {"sessions", &options.sessions},       {"messages", &options.messages},
      {"webhooks", &options.webhooks},       {"concurrency", &options.concurrency},
      {"events", &options.events},           {"webhook-threads", &options.webhook_threads},
      {"rounds", &options.rounds}};
  std::vector<std::string> known = {"redis-replicas"};
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
  if (auto text = args->Get("redis-replicas")) {
    auto counts = hitl::bench::ParseReplicaCounts(*text);
    if (!counts) {
      std::fprintf(stderr,
                   "hitl-bench: --redis-replicas wants a comma list of counts from 1 to %d, "
                   "or none\n",
                   hitl::bench::kMaxReplicas);
      return 2;
    }
    options.redis_replicas = *counts;
  }
  return hitl::bench::Run(options);
}

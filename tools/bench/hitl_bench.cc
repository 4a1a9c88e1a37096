// hitl-bench: measures the gateway against livechat-sim on loopback, both in
// this process, and prints figures (no pass/fail). What it measures:
//   StartHitl latency          sequential calls (customer, update, start_chat, transfer)
//   SendMessage latency        sequential, and throughput with concurrent bots
//   webhook ingest             concurrent LiveChat-style POSTs, each journaled
//                              durably and counted once it reached a subscriber
//   agent event delivery       webhook or simulator agent message -> event on a
//                              bot's stream
#include <cstdio>
#include <thread>

#include "absl/strings/numbers.h"
#include "server/common/command_line.h"
#include "server/common/log.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/sqlite_bench.h"
#include "tools/livechat-sim/simulator.h"

namespace hitl::bench {
namespace {

constexpr char kUsage[] =
    "Usage: hitl-bench [--sessions N] [--messages N] [--webhooks N] [--concurrency N]\n"
    "                  [--events N] [--webhook-threads N]";

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
  std::printf("hitl-bench: the gateway, livechat-sim and clients in one process on loopback, "
              "%u cores; %d client threads, %d webhooks per ingest run\n\n",
              std::thread::hardware_concurrency(), options.concurrency, options.webhooks);

  auto sqlite = RunSqliteBench(context);
  if (!sqlite.ok()) {
    std::fprintf(stderr, "hitl-bench: SQLite part: %s\n",
                 std::string(sqlite.status().message()).c_str());
    return 1;
  }
  simulator.Stop();
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
  hitl::bench::BenchOptions options;
  const std::vector<std::pair<std::string, int*>> numbers = {
      {"sessions", &options.sessions},       {"messages", &options.messages},
      {"webhooks", &options.webhooks},       {"concurrency", &options.concurrency},
      {"events", &options.events},           {"webhook-threads", &options.webhook_threads}};
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
  return hitl::bench::Run(options);
}

// What a hitl-bench run measures and with how much load (its flags), and
// what every part of it shares: the simulator on loopback.
#pragma once

#include <vector>

#include "tools/livechat-sim/sim_options.h"

namespace hitl::bench {

struct BenchOptions {
  int sessions = 50;      // StartHitl calls; the sessions webhooks go to
  int messages = 500;     // SendMessage calls, sequential and concurrent
  int webhooks = 4000;    // per ingest run
  int concurrency = 8;    // client threads (bots, webhook connections)
  int events = 200;       // per delivery latency measurement
  int webhook_threads = 32;  // the gateway's listener threads, and the raw baseline's
  // Redis part: raw baseline and replica runs interleaved this many times;
  // each figure is the median run (a noisy machine moves both alike).
  int rounds = 3;
  // Gateway replicas on one Redis, a run each; empty: no Redis part.
  std::vector<int> redis_replicas = {1, 2, 4};
};

struct BenchContext {
  const BenchOptions& options;
  const sim::SimulatorOptions& sim;
  int sim_port = 0;
};

// Webhooks each ingest run sends first, unmeasured: connections made, pools
// filled, caches warm.
inline int WarmUpWebhooks(const BenchOptions& options) { return 50 * options.concurrency; }

}  // namespace hitl::bench

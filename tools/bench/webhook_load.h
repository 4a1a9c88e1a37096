// The load generators: work spread over threads, and LiveChat-style webhook
// POSTs over keep-alive connections (TCP_NODELAY), the same for the gateway
// and for the raw baseline.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/bench/figures.h"

namespace hitl::bench {

// Runs `work(i)` for i in [0, total) on `threads` threads; returns the wall
// time.
absl::Duration RunConcurrently(int total, int threads, const std::function<void(int)>& work);

struct WebhookLoad {
  // Webhook listeners on 127.0.0.1; request i goes to ports[i % size], as a
  // round-robin load balancer would send it.
  std::vector<int> ports;
  std::string path = "/livechat/webhook";
  int total = 0;
  // Client threads; each keeps one connection to every port.
  int concurrency = 8;
};

struct WebhookLoadResult {
  LatencySummary latency;  // each POST, until its answer
  int acknowledged = 0;    // answered 200
  int journaled = 0;       // answered 200 with outcome "journaled"
  int failed = 0;          // anything but 200, or no answer
  absl::Time begin;        // the first POST was sent
  absl::Time end;          // the last answer came
};

// POSTs body(i) for i in [0, load.total).
WebhookLoadResult PostWebhooks(const WebhookLoad& load, const std::function<std::string(int)>& body);

}  // namespace hitl::bench

#include "tools/bench/webhook_load.h"

#include <httplib.h>

#include <atomic>
#include <memory>
#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"

namespace hitl::bench {

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

WebhookLoadResult PostWebhooks(const WebhookLoad& load,
                               const std::function<std::string(int)>& body) {
  Samples latency;
  std::atomic<int> acknowledged{0}, journaled{0}, failed{0};
  std::atomic<int> next{0};
  WebhookLoadResult result;
  result.begin = absl::Now();
  std::vector<std::thread> pool;
  for (int t = 0; t < load.concurrency; ++t) {
    pool.emplace_back([&] {
      std::vector<std::unique_ptr<httplib::Client>> clients;
      for (int port : load.ports) {
        auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
        client->set_tcp_nodelay(true);
        client->set_keep_alive(true);
        clients.push_back(std::move(client));
      }
      for (int i = next++; i < load.total; i = next++) {
        std::string payload = body(i);
        httplib::Client& client = *clients[i % clients.size()];
        absl::Time begin = absl::Now();
        auto answer = client.Post(load.path, payload, "application/json");
        latency.Add(absl::Now() - begin);
        if (!answer || answer->status != 200) {
          ++failed;
          continue;
        }
        ++acknowledged;
        if (absl::StrContains(answer->body, "\"journaled\"")) ++journaled;
      }
    });
  }
  for (auto& thread : pool) thread.join();
  result.end = absl::Now();
  result.latency = latency.Summarise();
  result.acknowledged = acknowledged;
  result.journaled = journaled;
  result.failed = failed;
  return result;
}

}  // namespace hitl::bench

// Delivers webhooks like LiveChat does: each one wrapped in its envelope
// (webhook_id of its action, secret_key, organization_id, additional_data)
// and POSTed to the configured URL; any answer but 200, a connection error
// or a timeout is retried after each of the retry delays, then given up.
//
// With several URLs the sender plays the load balancer an operator puts in
// front of gateway replicas (LiveChat itself knows one URL): published
// webhooks take the URLs in turns, and each retry goes to the URL after the
// one that failed, as a balancer picks another backend.
//
// First deliveries leave one at a time in the order they were published;
// retries run on their own threads, so a failing webhook never holds up
// later ones (which is why a retried webhook may arrive after them).
// Every attempt is recorded for the control API. The URLs and secret are
// read at each attempt, so changed URLs also apply to pending retries.
//
// Thread-safe. Publish never blocks.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/common/executor.h"
#include "tools/livechat-sim/runtime_config.h"
#include "tools/livechat-sim/scheduler.h"
#include "tools/livechat-sim/webhook_sink.h"

namespace httplib {
class Client;
}

namespace hitl::sim {

struct WebhookSenderOptions {
  std::string organization_id;
  std::vector<std::string> actions;  // others are dropped
  std::vector<absl::Duration> retry_delays;
  absl::Duration timeout = absl::Seconds(10);
  size_t retry_threads = 4;
  size_t max_records = 10000;  // oldest delivery records are forgotten
};

// One delivery attempt.
struct DeliveryRecord {
  std::string action;
  std::string chat_id;
  std::string event_id;    // incoming_event only
  std::string url;         // where it went
  int attempt = 1;         // 1 = first delivery
  int status = 0;          // HTTP status; 0 = no answer (connection error, timeout)
  bool duplicate = false;  // the extra copy duplicate_next asked for
};

class WebhookSender final : public WebhookSink {
 public:
  WebhookSender(WebhookSenderOptions options, const RuntimeConfig& runtime, Scheduler& scheduler);
  ~WebhookSender() override;
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void Publish(Webhook webhook) override;

  // The next `count` published webhooks are delivered twice.
  void DuplicateNext(int count);

  // Webhooks published and not settled yet (answered 200 or given up):
  // queued, being delivered, or waiting for a retry. 0: all delivered.
  size_t Unsettled() const;

  std::vector<DeliveryRecord> Deliveries() const;
  void ClearDeliveries();

  // Drops undelivered webhooks and pending retries, finishes the attempt in
  // progress and joins.
  void Stop();

 private:
  struct Pending {
    Webhook webhook;
    std::string webhook_id;
    // Its place in the rotation of URLs: attempt n goes to URL turn + n - 1.
    uint64_t turn = 0;
    bool duplicate = false;
  };
  // Kept-alive clients by origin ("http://127.0.0.1:8080").
  using Connections = std::map<std::string, std::unique_ptr<httplib::Client>>;

  void RunFirstDeliveries();
  // Makes attempt number `attempt` and schedules the next one on failure.
  // `connections` may hold a kept-alive connection to the URL's origin.
  void Attempt(const std::shared_ptr<const Pending>& pending, int attempt,
               Connections& connections);
  void ScheduleRetry(std::shared_ptr<const Pending> pending, int next_attempt);
  void Record(DeliveryRecord record);
  // One unsettled webhook was answered 200, given up or dropped.
  void Settle();
  bool stopping() const;

  const WebhookSenderOptions options_;
  std::map<std::string, std::string> webhook_ids_;  // per action, fixed at start
  const RuntimeConfig& runtime_;
  Scheduler& scheduler_;
  Executor retries_;

  mutable absl::Mutex mu_;
  absl::CondVar queued_;
  std::deque<std::shared_ptr<const Pending>> queue_ ABSL_GUARDED_BY(mu_);
  int duplicate_next_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t next_turn_ ABSL_GUARDED_BY(mu_) = 0;
  size_t unsettled_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<DeliveryRecord> records_ ABSL_GUARDED_BY(mu_);
  std::thread worker_;
};

}  // namespace hitl::sim

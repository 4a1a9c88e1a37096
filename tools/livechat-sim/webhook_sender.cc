#include "tools/livechat-sim/webhook_sender.h"

#include <httplib.h>

#include <chrono>

#include "server/common/log.h"
#include "server/common/random_ids.h"
#include "server/livechat/wire/webhooks.h"
#include "tools/livechat-sim/http_url.h"
#include "tools/livechat-sim/http_util.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;

// Retry tasks waiting for a thread; more are refused (and logged).
constexpr size_t kMaxQueuedRetries = 10000;

std::chrono::microseconds ToChrono(absl::Duration duration) {
  return std::chrono::microseconds(absl::ToInt64Microseconds(duration));
}

// Attempt n of the webhook with `turn` goes to the URL after the one attempt
// n - 1 went to.
const std::string& UrlFor(const std::vector<std::string>& urls, uint64_t turn, int attempt) {
  return urls[(turn + static_cast<uint64_t>(attempt - 1)) % urls.size()];
}

}  // namespace

WebhookSender::WebhookSender(WebhookSenderOptions options, const RuntimeConfig& runtime,
                             Scheduler& scheduler)
    : options_(std::move(options)),
      runtime_(runtime),
      scheduler_(scheduler),
      retries_(options_.retry_threads, kMaxQueuedRetries) {
  // Like a registration id: one per action, stable while the simulator runs.
  for (const std::string& action : options_.actions) webhook_ids_[action] = RandomHex(16);
  worker_ = std::thread([this] { RunFirstDeliveries(); });
}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Publish(Webhook webhook) {
  auto id = webhook_ids_.find(webhook.action);
  if (id == webhook_ids_.end()) return;  // action not subscribed
  if (runtime_.Get().webhook_urls.empty()) {
    log::Debug("webhook action={} chat={} not sent: no webhook url", webhook.action,
               webhook.chat_id);
    return;
  }
  auto pending = std::make_shared<Pending>();
  pending->webhook = std::move(webhook);
  pending->webhook_id = id->second;
  absl::MutexLock lock(&mu_);
  if (stopping_) return;
  pending->turn = next_turn_++;
  queue_.push_back(pending);
  ++unsettled_;
  if (duplicate_next_ > 0) {
    --duplicate_next_;
    auto copy = std::make_shared<Pending>(*pending);
    copy->duplicate = true;
    copy->turn = next_turn_++;  // a balancer may send the copy elsewhere
    queue_.push_back(std::move(copy));
    ++unsettled_;
  }
  queued_.Signal();
}

void WebhookSender::DuplicateNext(int count) {
  absl::MutexLock lock(&mu_);
  duplicate_next_ += count;
}

std::vector<DeliveryRecord> WebhookSender::Deliveries() const {
  absl::MutexLock lock(&mu_);
  return {records_.begin(), records_.end()};
}

size_t WebhookSender::Unsettled() const {
  absl::MutexLock lock(&mu_);
  return unsettled_;
}

void WebhookSender::Settle() {
  absl::MutexLock lock(&mu_);
  --unsettled_;
}

void WebhookSender::ClearDeliveries() {
  absl::MutexLock lock(&mu_);
  records_.clear();
}

void WebhookSender::Record(DeliveryRecord record) {
  absl::MutexLock lock(&mu_);
  records_.push_back(std::move(record));
  while (records_.size() > options_.max_records) records_.pop_front();
}

bool WebhookSender::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void WebhookSender::Stop() {
  size_t dropped = 0;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
    dropped = queue_.size();
    queue_.clear();
    queued_.SignalAll();
  }
  if (worker_.joinable()) worker_.join();
  retries_.Shutdown();
  if (dropped > 0) log::Warn("webhooks not delivered at shutdown count={}", dropped);
}

void WebhookSender::RunFirstDeliveries() {
  // Kept-alive connections (one per URL) for first deliveries, in order,
  // closed when the queue runs dry: an idle kept-alive connection would make
  // the receiver's (httplib) shutdown wait for its keep-alive timeout.
  Connections connections;
  for (;;) {
    std::shared_ptr<const Pending> next;
    bool more = false;
    {
      absl::MutexLock lock(&mu_);
      while (queue_.empty() && !stopping_) queued_.Wait(&mu_);
      if (stopping_) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    Attempt(next, 1, connections);
    {
      absl::MutexLock lock(&mu_);
      more = !queue_.empty();
    }
    if (!more) connections.clear();
  }
}

void WebhookSender::Attempt(const std::shared_ptr<const Pending>& pending, int attempt,
                            Connections& connections) {
  const Webhook& webhook = pending->webhook;
  RuntimeSettings settings = runtime_.Get();
  const std::string target =
      settings.webhook_urls.empty() ? "" : UrlFor(settings.webhook_urls, pending->turn, attempt);
  auto url = ParseHttpUrl(target);
  if (!url.ok()) {
    log::Warn("webhook action={} chat={} dropped: webhook url unset or invalid", webhook.action,
              webhook.chat_id);
    Settle();
    return;
  }
  wire::WebhookEnvelope envelope{.webhook_id = pending->webhook_id,
                                 .secret_key = settings.webhook_secret,
                                 .action = webhook.action,
                                 .organization_id = options_.organization_id,
                                 .payload = webhook.payload,
                                 .additional_data = webhook.additional_data};
  std::unique_ptr<httplib::Client>& client = connections[url->origin];
  if (!client) {
    client = std::make_unique<httplib::Client>(url->origin);
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    client->set_connection_timeout(ToChrono(options_.timeout));
    client->set_read_timeout(ToChrono(options_.timeout));
    client->set_write_timeout(ToChrono(options_.timeout));
  }
  httplib::Result result =
      client->Post(url->path.c_str(), DumpJson(wire::ToJson(envelope)), "application/json");
  const int status = result ? result->status : 0;
  if (!result) connections.erase(url->origin);  // do not reuse a broken connection
  Record({.action = webhook.action,
          .chat_id = webhook.chat_id,
          .event_id = webhook.event_id,
          .url = target,
          .attempt = attempt,
          .status = status,
          .duplicate = pending->duplicate});
  if (status == 200) {
    log::Debug("webhook delivered action={} chat={} attempt={}", webhook.action, webhook.chat_id,
               attempt);
    Settle();
    return;
  }
  const size_t retries_done = static_cast<size_t>(attempt - 1);
  if (retries_done >= options_.retry_delays.size()) {
    log::Warn("webhook given up action={} chat={} attempts={} last_status={}", webhook.action,
              webhook.chat_id, attempt, status);
    Settle();
    return;
  }
  log::Info("webhook failed action={} chat={} attempt={} status={}; retrying", webhook.action,
            webhook.chat_id, attempt, status);
  ScheduleRetry(pending, attempt + 1);
}

void WebhookSender::ScheduleRetry(std::shared_ptr<const Pending> pending, int next_attempt) {
  absl::Duration delay = options_.retry_delays[next_attempt - 2];
  scheduler_.RunAfter(delay, [this, pending, next_attempt] {
    bool posted = retries_.Post([this, pending, next_attempt] {
      if (stopping()) return;
      Connections connections;
      Attempt(pending, next_attempt, connections);
    });
    if (!posted) {
      log::Warn("webhook retry dropped action={} chat={}: sender busy or stopping",
                pending->webhook.action, pending->webhook.chat_id);
      Settle();
    }
  });
}

}  // namespace hitl::sim

// The embedded HTTP listener: LiveChat webhooks on POST <path>, plus
// GET /healthz (the process is alive), GET /readyz (it can take work) and
// GET /metrics (Prometheus text). A webhook is answered 200 only after the
// sink made it durable; the sink's error becomes 503 so LiveChat retries.
// Bodies over the limit get 413, malformed ones 400, a wrong secret 401.
// Nothing from a body, and never the secret, is logged. Served by HttpServer:
// slow or idle connections hold no thread and are cut when their time is up.
//
// Thread-safe. Start once, Stop once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/common/http_server.h"
#include "server/webhook/webhook_parser.h"

namespace hitl::webhook {

struct WebhookListenerOptions {
  std::string host = "0.0.0.0";
  int port = 8080;  // 0: any free port (see port())
  std::string path = "/livechat/webhook";
  std::string secret;  // LIVECHAT_WEBHOOK_SECRET
  size_t threads = 16;
  size_t max_body_bytes = 1 << 20;
  size_t max_connections = 2048;  // HITL_WEBHOOK_MAX_CONNECTIONS
  // From a request's first byte to its last (HITL_WEBHOOK_REQUEST_TIMEOUT).
  absl::Duration request_timeout = absl::Seconds(10);
};

// Makes a verified webhook durable; returns a short label of what it did
// ("journaled", "duplicate", ...), counted in /metrics.
using WebhookSink = std::function<absl::StatusOr<std::string>(const ParsedWebhook&)>;
// OK when the gateway is ready; otherwise why not.
using ReadinessProbe = std::function<absl::Status()>;

class WebhookListener {
 public:
  WebhookListener(WebhookListenerOptions options, WebhookSink sink, ReadinessProbe ready);
  ~WebhookListener();

  // Binds and starts serving on threads of its own.
  absl::Status Start();
  // The bound port (after Start).
  int port() const { return port_; }
  // Stops accepting, finishes requests in progress, joins.
  void Stop();

 private:
  HttpResponse Route(HttpRequest& request);
  HttpResponse Webhook(HttpRequest& request);
  static HttpResponse MethodNotAllowed(const std::string& allowed);
  void Count(const std::string& label);
  void CountRefusal(HttpRefusal refusal);
  void CountCut(const std::string& reason);
  std::string MetricsText();

  const WebhookListenerOptions options_;
  WebhookSink sink_;
  ReadinessProbe ready_;
  int port_ = 0;
  absl::Mutex mu_;
  std::map<std::string, int64_t> counters_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> cuts_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<HttpServer> server_;  // last: stops before what it calls goes
};

// Splits "host:port" ("[::1]:80" for IPv6); INVALID_ARGUMENT naming `setting`.
absl::Status ParseHostPort(absl::string_view address, absl::string_view setting,
                           std::string* host, int* port);

}  // namespace hitl::webhook

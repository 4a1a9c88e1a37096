#include "server/webhook/webhook_listener.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/common/log.h"

namespace hitl::webhook {
namespace {

HttpResponse JsonReply(int status, const nlohmann::json& body) {
  return {.status = status, .body = body.dump()};
}

}  // namespace

absl::Status ParseHostPort(absl::string_view address, absl::string_view setting,
                           std::string* host, int* port) {
  size_t colon = address.rfind(':');
  int parsed = -1;
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(address.substr(colon + 1), &parsed) ||
      parsed < 0 || parsed > 65535 || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        setting, ": '", address, "' is not host:port (e.g. 0.0.0.0:8080 or [::]:8080)"));
  }
  absl::string_view name = address.substr(0, colon);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  *host = std::string(name);
  *port = parsed;
  return absl::OkStatus();
}

WebhookListener::WebhookListener(WebhookListenerOptions options, WebhookSink sink,
                                 ReadinessProbe ready)
    : options_(std::move(options)), sink_(std::move(sink)), ready_(std::move(ready)) {}

WebhookListener::~WebhookListener() { Stop(); }

void WebhookListener::Count(const std::string& label) {
  absl::MutexLock lock(&mu_);
  ++counters_[label];
}

std::string WebhookListener::MetricsText() {
  absl::MutexLock lock(&mu_);
  std::string out =
      "# HELP hitl_webhooks_total Webhook deliveries by outcome.\n"
      "# TYPE hitl_webhooks_total counter\n";
  for (const auto& [label, count] : counters_) {
    absl::StrAppend(&out, "hitl_webhooks_total{outcome=\"", label, "\"} ", count, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP hitl_webhook_connections_cut_total Connections to the webhook port "
                  "closed by the gateway, by reason.\n"
                  "# TYPE hitl_webhook_connections_cut_total counter\n");
  for (const auto& [reason, count] : cuts_) {
    absl::StrAppend(&out, "hitl_webhook_connections_cut_total{reason=\"", reason, "\"} ", count,
                    "\n");
  }
  absl::StrAppend(&out,
                  "# HELP hitl_webhook_connections Connections open to the webhook port.\n"
                  "# TYPE hitl_webhook_connections gauge\n"
                  "hitl_webhook_connections ",
                  server_ ? server_->open_connections() : 0, "\n");
  return out;
}

absl::Status WebhookListener::Start() {
  server_ = std::make_unique<HttpServer>(
      HttpServerOptions{.host = options_.host,
                        .port = options_.port,
                        .threads = options_.threads,
                        .max_body_bytes = options_.max_body_bytes,
                        .max_connections = options_.max_connections,
                        .request_timeout = options_.request_timeout},
      [this](HttpRequest& request) { return Route(request); },
      [this](HttpRefusal refusal) { CountRefusal(refusal); });
  absl::StatusOr<int> port = server_->Start();
  if (!port.ok()) {
    return absl::UnavailableError(absl::StrCat("HITL_WEBHOOK_ADDR: ", port.status().message()));
  }
  port_ = *port;
  return absl::OkStatus();
}

void WebhookListener::Stop() {
  if (server_) server_->Stop();
}

void WebhookListener::CountRefusal(HttpRefusal refusal) {
  switch (refusal) {
    case HttpRefusal::kBodyTooLarge:
      log::Warn("webhook rejected status=413");
      return Count("too_large");
    case HttpRefusal::kHeadersTooLarge:
      return CountCut("headers_too_large");
    case HttpRefusal::kMalformed:
      return CountCut("malformed_http");
    case HttpRefusal::kTimedOut:
      return CountCut("timed_out");
    case HttpRefusal::kOverConnectionLimit:
      return CountCut("connection_limit");
  }
}

void WebhookListener::CountCut(const std::string& reason) {
  absl::MutexLock lock(&mu_);
  ++cuts_[reason];
}

HttpResponse WebhookListener::Route(HttpRequest& request) {
  const bool get = request.method == "GET";
  if (request.path == options_.path) {
    if (request.method != "POST") return MethodNotAllowed("POST");
    return Webhook(request);
  }
  if (request.path == "/healthz") {
    if (!get) return MethodNotAllowed("GET");
    return JsonReply(200, {{"status", "alive"}});
  }
  if (request.path == "/readyz") {
    if (!get) return MethodNotAllowed("GET");
    absl::Status ready = ready_();
    if (ready.ok()) return JsonReply(200, {{"status", "ready"}});
    return JsonReply(503, {{"status", "not ready"}, {"reason", std::string(ready.message())}});
  }
  if (request.path == "/metrics") {
    if (!get) return MethodNotAllowed("GET");
    return {.status = 200, .content_type = "text/plain; version=0.0.4", .body = MetricsText()};
  }
  return JsonReply(404, {{"error", "no such path"}});
}

HttpResponse WebhookListener::MethodNotAllowed(const std::string& allowed) {
  HttpResponse response = JsonReply(405, {{"error", absl::StrCat("use ", allowed)}});
  response.allow = allowed;
  return response;
}

HttpResponse WebhookListener::Webhook(HttpRequest& request) {
  absl::StatusOr<ParsedWebhook> parsed = ParseWebhook(request.body, options_.secret);
  if (!parsed.ok()) {
    bool unauthorized = parsed.status().code() == absl::StatusCode::kUnauthenticated;
    Count(unauthorized ? "unauthorized" : "malformed");
    log::Warn("webhook rejected from={} status={} reason={}", request.remote_addr,
              unauthorized ? 401 : 400, parsed.status().message());
    return JsonReply(unauthorized ? 401 : 400, {{"error", std::string(parsed.status().message())}});
  }
  absl::StatusOr<std::string> outcome = sink_(*parsed);
  if (!outcome.ok()) {
    Count("failed");
    log::Error("webhook not journaled action={} error={}", parsed->action,
               outcome.status().message());
    return JsonReply(503, {{"error", "could not record the event; retry later"}});
  }
  Count(*outcome);
  log::Debug("webhook action={} outcome={}", parsed->action, *outcome);
  return JsonReply(200, {{"outcome", *outcome}});
}

}  // namespace hitl::webhook

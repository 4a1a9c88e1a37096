#include "server/webhook/webhook_listener.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/common/http_listen.h"
#include "server/common/log.h"

namespace hitl::webhook {
namespace {

void Reply(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

// "1 MiB", "64 KiB" or "1000 bytes".
std::string ByteSize(size_t bytes) {
  if (bytes > 0 && bytes % (size_t{1} << 20) == 0) return absl::StrCat(bytes >> 20, " MiB");
  if (bytes > 0 && bytes % (size_t{1} << 10) == 0) return absl::StrCat(bytes >> 10, " KiB");
  return absl::StrCat(bytes, " bytes");
}

// The 413 answer, stating the configured limit.
void ReplyTooLarge(httplib::Response& response, size_t max_body_bytes) {
  Reply(response, 413,
        {{"error", absl::StrCat("body larger than the ", ByteSize(max_body_bytes), " limit")}});
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
  return out;
}

absl::Status WebhookListener::Start() {
  server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *server_;
  // One connection occupies a pool thread for its keep-alive life: size the
  // pool for bursts.
  ApplyServerSettings(server, {.threads = options_.threads});
  server.set_payload_max_length(options_.max_body_bytes);

  server.Post(options_.path, [this](const httplib::Request& request, httplib::Response& response,
                                    const httplib::ContentReader& read_content) {
    // Read the body ourselves, capped: httplib's payload limit applies only to
    // Content-Length, not to chunked bodies, which it would buffer whole.
    std::string body;
    bool within_limit = read_content([&](const char* data, size_t length) {
      if (body.size() + length > options_.max_body_bytes) return false;
      body.append(data, length);
      return true;
    });
    if (!within_limit) {
      Count("too_large");
      log::Warn("webhook rejected from={} status=413", request.remote_addr);
      ReplyTooLarge(response, options_.max_body_bytes);
      return;
    }
    absl::StatusOr<ParsedWebhook> parsed = ParseWebhook(body, options_.secret);
    if (!parsed.ok()) {
      bool unauthorized = parsed.status().code() == absl::StatusCode::kUnauthenticated;
      Count(unauthorized ? "unauthorized" : "malformed");
      log::Warn("webhook rejected from={} status={} reason={}", request.remote_addr,
                unauthorized ? 401 : 400, parsed.status().message());
      Reply(response, unauthorized ? 401 : 400,
            {{"error", std::string(parsed.status().message())}});
      return;
    }
    absl::StatusOr<std::string> outcome = sink_(*parsed);
    if (!outcome.ok()) {
      Count("failed");
      log::Error("webhook not journaled action={} error={}", parsed->action,
                 outcome.status().message());
      Reply(response, 503, {{"error", "could not record the event; retry later"}});
      return;
    }
    Count(*outcome);
    log::Debug("webhook action={} outcome={}", parsed->action, *outcome);
    Reply(response, 200, {{"outcome", *outcome}});
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    Reply(response, 200, {{"status", "alive"}});
  });
  server.Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
    absl::Status ready = ready_();
    if (ready.ok()) {
      Reply(response, 200, {{"status", "ready"}});
    } else {
      Reply(response, 503, {{"status", "not ready"}, {"reason", std::string(ready.message())}});
    }
  });
  server.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(MetricsText(), "text/plain; version=0.0.4");
  });
  server.set_error_handler([this](const httplib::Request&, httplib::Response& response) {
    if (response.status == 413) {
      ReplyTooLarge(response, options_.max_body_bytes);
    } else if (response.body.empty()) {
      Reply(response, response.status,
            {{"error", response.status == 404 ? "no such path" : "request refused"}});
    }
  });

  absl::StatusOr<int> port = serving_.Start(server, options_.host, options_.port);
  if (absl::IsDeadlineExceeded(port.status())) {
    return absl::UnavailableError("webhook listener did not start");
  }
  if (!port.ok()) {
    return absl::UnavailableError(absl::StrCat("HITL_WEBHOOK_ADDR: ", port.status().message()));
  }
  port_ = *port;
  return absl::OkStatus();
}

void WebhookListener::Stop() { serving_.Stop(); }

}  // namespace hitl::webhook

#include "tools/bench/raw_ingest_server.h"

#include <httplib.h>
#include <hiredis/hiredis.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "server/common/http_listen.h"

namespace hitl::bench {
namespace {

constexpr absl::Duration kRedisTimeout = absl::Seconds(2);

// Blocking hiredis connections, one per server thread at most: made when
// first needed, dropped after a failure.
class RedisConnections {
 public:
  explicit RedisConnections(int port) : port_(port) {}
  ~RedisConnections() {
    for (redisContext* context : idle_) redisFree(context);
  }

  // A connection to use and give back, or nullptr if Redis cannot be reached.
  redisContext* Take() {
    {
      absl::MutexLock lock(&mu_);
      if (!idle_.empty()) {
        redisContext* context = idle_.back();
        idle_.pop_back();
        return context;
      }
    }
    timeval timeout = absl::ToTimeval(kRedisTimeout);
    redisContext* context = redisConnectWithTimeout("127.0.0.1", port_, timeout);
    if (context == nullptr || context->err) {
      if (context != nullptr) redisFree(context);
      return nullptr;
    }
    redisSetTimeout(context, timeout);
    return context;
  }

  void GiveBack(redisContext* context) {
    if (context->err) {
      redisFree(context);
      return;
    }
    absl::MutexLock lock(&mu_);
    idle_.push_back(context);
  }

 private:
  const int port_;
  absl::Mutex mu_;
  std::vector<redisContext*> idle_ ABSL_GUARDED_BY(mu_);
};

void Reply(httplib::Response& response, int status, const std::string& json) {
  response.status = status;
  response.set_content(json, "application/json");
}

}  // namespace

struct RawIngestServer::Parts {
  explicit Parts(const RawIngestOptions& options)
      : options(options), connections(options.redis_port) {}
  const RawIngestOptions options;
  RedisConnections connections;
  httplib::Server server;
  BackgroundHttpServer serving;  // after server: stops before it goes
  int port = 0;

  // Parse, pick action and payload, XADD, answer.
  void Handle(const httplib::Request& request, httplib::Response& response) {
    std::string action, payload;
    try {
      nlohmann::json body = nlohmann::json::parse(request.body);
      action = body.at("action").get<std::string>();
      payload = body.at("payload").dump();
    } catch (const nlohmann::json::exception&) {
      Reply(response, 400, R"({"error":"malformed webhook"})");
      return;
    }
    redisContext* context = connections.Take();
    if (context == nullptr) {
      Reply(response, 503, R"({"error":"redis unreachable"})");
      return;
    }
    auto* reply = static_cast<redisReply*>(
        redisCommand(context, "XADD %s * a %b p %b", options.stream_key.c_str(), action.data(),
                     action.size(), payload.data(), payload.size()));
    bool written = reply != nullptr && reply->type == REDIS_REPLY_STRING;
    if (reply != nullptr) freeReplyObject(reply);
    connections.GiveBack(context);
    if (!written) {
      Reply(response, 503, R"({"error":"could not record the event"})");
      return;
    }
    Reply(response, 200, R"({"outcome":"journaled"})");
  }
};

absl::StatusOr<std::unique_ptr<RawIngestServer>> RawIngestServer::Start(
    const RawIngestOptions& options) {
  auto parts = std::make_unique<Parts>(options);
  Parts* p = parts.get();
  httplib::Server& server = p->server;
  // The gateway's webhook listener settings (its defaults too).
  ApplyServerSettings(server, {.threads = options.threads});
  server.Post(options.path, [p](const httplib::Request& request, httplib::Response& response) {
    p->Handle(request, response);
  });
  absl::StatusOr<int> port = p->serving.Start(server, "127.0.0.1", 0);
  if (!port.ok()) return port.status();
  p->port = *port;
  return std::unique_ptr<RawIngestServer>(new RawIngestServer(std::move(parts)));
}

RawIngestServer::RawIngestServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

RawIngestServer::~RawIngestServer() { parts_->serving.Stop(); }

int RawIngestServer::port() const { return parts_->port; }

}  // namespace hitl::bench

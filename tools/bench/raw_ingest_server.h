// The floor the gateway's Redis ingest is measured against: an HTTP server
// with the gateway's webhook listener settings (its thread count,
// TCP_NODELAY, keep-alive, backlog) whose handler only parses the webhook's
// JSON, picks out its action and payload, XADDs them to one Redis stream and
// answers 200 once Redis replied. No secret check, no session lookup, no
// de-duplication, no fan-out: what is left is HTTP, JSON and one durable
// Redis write per webhook.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace hitl::bench {

struct RawIngestOptions {
  int redis_port = 0;  // on 127.0.0.1
  std::string stream_key = "bench-raw:journal";
  std::string path = "/livechat/webhook";
  size_t threads = 32;  // connections served at once, each with its own Redis connection
};

class RawIngestServer {
 public:
  // Listens on 127.0.0.1, a free port; returns once serving.
  static absl::StatusOr<std::unique_ptr<RawIngestServer>> Start(const RawIngestOptions& options);
  // Stops serving and closes the Redis connections.
  ~RawIngestServer();

  int port() const;

 private:
  struct Parts;
  explicit RawIngestServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace hitl::bench

// An event-driven HTTP/1.1 server (Boost.Beast on Asio) for the gateway's
// webhook port. No thread waits on a connection: a connection that is idle,
// drips its request or never finishes it costs a socket and a few KiB, not
// a thread, so hundreds of them cannot delay anyone else. Each is cut when
// its time is up:
// - waiting for the first byte of a request: `idle_timeout`;
// - from that byte to the whole request read (headers and body, however
//   slowly they come): `request_timeout`, a total, not an inactivity timer;
// - writing the answer: `request_timeout` again.
// After `max_requests_per_connection` answers the connection is closed, so
// its life is bounded too.
//
// What the server refuses itself, with a JSON body {"error": "..."} and the
// connection closed: a malformed request or chunk header (400), headers over
// `max_header_bytes` (431), a body over `max_body_bytes`, by Content-Length
// or while reading a chunked one (413). `Expect: 100-continue` is answered.
// Over `max_connections` open, a new connection is closed at once.
//
// Connections are spread over `threads` lanes, each one thread. The handler
// runs on its connection's lane and may block (it commits to the store):
// that holds up the connections of that lane only.
//
// Thread-safe. Start once, Stop once (the destructor stops).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hitl {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // the target without its query
  std::string body;
  std::string remote_addr;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // the Allow header of a 405, else empty
};

// Why the server cut a connection or refused a request without calling the
// handler.
enum class HttpRefusal {
  kMalformed,          // 400
  kHeadersTooLarge,    // 431
  kBodyTooLarge,       // 413
  kTimedOut,           // cut: idle, slow request or slow reader
  kOverConnectionLimit,  // cut at accept
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (see Start)
  size_t threads = 16;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  size_t max_connections = 2048;
  size_t max_requests_per_connection = 100;
  absl::Duration idle_timeout = absl::Seconds(2);
  absl::Duration request_timeout = absl::Seconds(10);
};

using HttpHandler = std::function<HttpResponse(HttpRequest& request)>;
// Told of every refusal (for metrics); called on a server thread.
using HttpRefusalObserver = std::function<void(HttpRefusal refusal)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler, HttpRefusalObserver observer = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds (backlog SOMAXCONN) and starts serving; returns the bound port.
  // UNAVAILABLE "cannot listen on <host>:<port>: <why>" if it cannot bind.
  absl::StatusOr<int> Start();
  // Stops accepting and closes connections between requests or still
  // reading one; requests whose handler runs are answered (with
  // `Connection: close`), then the threads are joined. Safe to call twice.
  void Stop();
  // Connections open now.
  size_t open_connections() const;

 private:
  friend class HttpConnection;
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// "1 MiB", "64 KiB" or "1000 bytes".
std::string ByteSize(size_t bytes);

}  // namespace hitl

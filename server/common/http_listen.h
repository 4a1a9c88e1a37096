// Listening with cpp-httplib 0.11 without its small fixed accept backlog (5):
// a burst of connections (LiveChat delivering many webhooks at once) would
// otherwise have SYNs dropped and retried a second later.
#pragma once

#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace httplib {
class Server;
}

namespace hitl {

// How every httplib server here (livechat-sim, the benchmark's raw
// baseline, test servers) runs: a pool of `threads`, because a
// kept-alive connection holds one; TCP_NODELAY, or small replies wait for
// Nagle; idle keep-alive cut after 2 s, because httplib's stop() waits out
// idle connections; and `io_timeout` on reads and writes.
struct HttpServerSettings {
  size_t threads = 16;
  size_t keep_alive_max_count = 100;
  absl::Duration io_timeout = absl::Seconds(10);
};
void ApplyServerSettings(httplib::Server& server, const HttpServerSettings& settings);

// Binds `server` to host:port (0: any free port) with a backlog of
// SOMAXCONN. Returns the bound port, or -1.
int BindWithBacklog(httplib::Server& server, const std::string& host, int port);

// Serves an httplib::Server on a thread of its own.
//
// Not thread-safe: Start once, then Stop (or destroy) from the same owner.
// The server must outlive Stop.
class BackgroundHttpServer {
 public:
  BackgroundHttpServer() = default;
  ~BackgroundHttpServer() { Stop(); }
  BackgroundHttpServer(const BackgroundHttpServer&) = delete;
  BackgroundHttpServer& operator=(const BackgroundHttpServer&) = delete;

  // Binds `server` with BindWithBacklog, serves it on a new thread and
  // returns the bound port once it is running. UNAVAILABLE ("cannot listen
  // on <host>:<port>") if it cannot bind; DEADLINE_EXCEEDED if it is not
  // running within `start_deadline` (Stop still cleans up).
  absl::StatusOr<int> Start(httplib::Server& server, const std::string& host, int port,
                            absl::Duration start_deadline = absl::Seconds(10));
  // Stops accepting, finishes requests in progress, joins. Does nothing if
  // not started; safe to call twice.
  void Stop();

 private:
  httplib::Server* server_ = nullptr;
  std::thread thread_;
};

}  // namespace hitl

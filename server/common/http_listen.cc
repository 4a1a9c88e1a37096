#include "server/common/http_listen.h"

#include <httplib.h>
#include <sys/socket.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace hitl {

void ApplyServerSettings(httplib::Server& server, const HttpServerSettings& settings) {
  const size_t threads = settings.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(settings.keep_alive_max_count);
  server.set_keep_alive_timeout(2);
  const auto timeout = absl::ToChronoMicroseconds(settings.io_timeout);
  server.set_read_timeout(timeout);
  server.set_write_timeout(timeout);
}

int BindWithBacklog(httplib::Server& server, const std::string& host, int port) {
  // httplib hands the socket to this hook before bind(); keep its default
  // option (SO_REUSEADDR) and remember the socket to listen again below.
  auto bound = std::make_shared<int>(-1);
  server.set_socket_options([bound](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *bound = sock;
  });
  int result = port == 0 ? server.bind_to_any_port(host)
                         : (server.bind_to_port(host, port) ? port : -1);
  // listen() on a listening socket only changes its backlog.
  if (result > 0 && *bound >= 0) ::listen(*bound, SOMAXCONN);
  return result;
}

absl::StatusOr<int> BackgroundHttpServer::Start(httplib::Server& server, const std::string& host,
                                                int port, absl::Duration start_deadline) {
  server_ = &server;
  const int bound = BindWithBacklog(server, host, port);
  if (bound <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port));
  }
  thread_ = std::thread([&server] { server.listen_after_bind(); });
  // httplib's stop() does nothing until the server runs: return only once it
  // does, so a Stop right after Start cannot hang.
  const absl::Time deadline = absl::Now() + start_deadline;
  while (!server.is_running()) {
    if (absl::Now() > deadline) return absl::DeadlineExceededError("the HTTP server did not start");
    absl::SleepFor(absl::Milliseconds(1));
  }
  return bound;
}

void BackgroundHttpServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_ = nullptr;
}

}  // namespace hitl

#include "tools/processes/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/common/files.h"
#include "absl/time/clock.h"

namespace hitl::testing {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";
constexpr int kPortAttempts = 5;
constexpr absl::Duration kReadyTimeout = absl::Seconds(20);

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A port the OS just handed out on 127.0.0.1 (free now; redis-server may
// still lose a race for it, which Start retries).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

// True once the server answers PING (NOAUTH also proves it is serving;
// LOADING means it is still reading its data).
bool AnswersPing(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval timeout = absl::ToTimeval(absl::Milliseconds(500));
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address = Loopback(port);
  bool ready = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      write(fd, "PING\r\n", 6) == 6) {
    char reply[64] = {};
    ssize_t n = read(fd, reply, sizeof(reply) - 1);
    absl::string_view text(reply, n > 0 ? n : 0);
    ready = absl::StartsWith(text, "+PONG") || absl::StartsWith(text, "-NOAUTH");
  }
  close(fd);
  return ready;
}

}  // namespace

bool RedisServer::Installed() { return access(kRedisServer, X_OK) == 0; }

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(const Options& options) {
  absl::Status last = absl::UnavailableError("no free port");
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    int port = FreePort();
    if (port == 0) continue;
    std::string dir = (std::filesystem::temp_directory_path() / "hitl-redis-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) {
      return absl::UnavailableError("cannot make a temporary directory for redis-server");
    }
    std::unique_ptr<RedisServer> server(new RedisServer(options, dir, port));
    last = server->Launch();
    if (last.ok()) return server;
    // Another process took the port between FreePort and redis's bind.
    if (!absl::StrContains(server->Output(), "Address already in use")) return last;
  }
  return last;
}

RedisServer::~RedisServer() {
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisServer::url() const { return absl::StrCat("redis://127.0.0.1:", port_); }

absl::Status RedisServer::Launch() {
  std::string data = dir_ + "/data";
  std::filesystem::create_directories(data);
  std::vector<std::string> args = {"--port", absl::StrCat(port_), "--bind", "127.0.0.1",
                                   "--dir", data, "--daemonize", "no", "--save", ""};
  if (options_.durable) {
    args.insert(args.end(), {"--appendonly", "yes", "--appendfsync", "always"});
  } else {
    args.insert(args.end(), {"--appendonly", "no"});
  }
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  // A log file per run: ChildProcess truncates the one it is given.
  ++runs_;
  auto process = ChildProcess::Spawn(kRedisServer, args, {},
                                     absl::StrCat(dir_, "/redis-", runs_, ".log"));
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  bool exited = false;
  bool ready = false;
  // Polling a child process: there is nothing to wait on.
  for (absl::Time deadline = absl::Now() + kReadyTimeout; !ready && absl::Now() < deadline;) {
    exited = process_->Wait(absl::ZeroDuration()).has_value();
    if (exited) break;
    ready = AnswersPing(port_);
    if (!ready) absl::SleepFor(absl::Milliseconds(10));
  }
  if (ready) return absl::OkStatus();
  std::string why = exited ? "exited" : "did not answer PING in time";
  process_.reset();
  return absl::UnavailableError(
      absl::StrCat("redis-server on 127.0.0.1:", port_, " ", why, ":\n", Output()));
}

void RedisServer::Kill() {
  if (process_ == nullptr) return;
  process_->Signal(SIGKILL);
  process_->Wait(absl::Seconds(10));
  process_.reset();
}

absl::Status RedisServer::Stop() {
  if (process_ == nullptr) return absl::OkStatus();
  process_->Signal(SIGCONT);  // a paused server cannot handle SIGTERM
  process_->Signal(SIGTERM);
  std::optional<int> code = process_->Wait(absl::Seconds(10));
  process_.reset();  // kills it if it did not exit
  if (!code.has_value()) return absl::DeadlineExceededError("redis-server ignored SIGTERM");
  if (*code != 0) return absl::InternalError(absl::StrCat("redis-server exited with ", *code));
  return absl::OkStatus();
}

absl::Status RedisServer::Restart() {
  if (process_ != nullptr) return absl::FailedPreconditionError("redis-server is running");
  return Launch();
}

void RedisServer::Pause() {
  if (process_ != nullptr) process_->Signal(SIGSTOP);
}

void RedisServer::Resume() {
  if (process_ != nullptr) process_->Signal(SIGCONT);
}

std::string RedisServer::Output() const {
  std::string output;
  for (int run = 1; run <= runs_; ++run) {
    absl::StrAppend(&output, ReadFileToString(absl::StrCat(dir_, "/redis-", run, ".log"))
                                 .value_or(""));
  }
  return output;
}

}  // namespace hitl::testing

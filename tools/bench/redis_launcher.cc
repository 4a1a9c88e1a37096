#include "tools/bench/redis_launcher.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/common/files.h"

extern char** environ;

namespace hitl::bench {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";
constexpr int kPortAttempts = 5;
constexpr absl::Duration kReadyTimeout = absl::Seconds(20);
constexpr absl::Duration kStopTimeout = absl::Seconds(10);

// A port the OS just handed out on 127.0.0.1 (free now; redis-server may
// still lose a race for it, which Start retries).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// One command on a short-lived connection; the reply's text, or an error.
absl::StatusOr<std::string> Ask(int port, const char* command) {
  timeval timeout = absl::ToTimeval(absl::Seconds(2));
  redisContext* context = redisConnectWithTimeout("127.0.0.1", port, timeout);
  if (context == nullptr || context->err) {
    if (context != nullptr) redisFree(context);
    return absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port));
  }
  redisSetTimeout(context, timeout);
  auto* reply = static_cast<redisReply*>(redisCommand(context, command));
  absl::StatusOr<std::string> text = absl::UnavailableError(
      absl::StrCat(command, " on 127.0.0.1:", port, ": no reply"));
  if (reply != nullptr) {
    std::string said(reply->str != nullptr ? reply->str : "", reply->len);
    if (reply->type == REDIS_REPLY_ERROR) {
      text = absl::UnavailableError(absl::StrCat(command, ": ", said));
    } else {
      text = said;
    }
    freeReplyObject(reply);
  }
  redisFree(context);
  return text;
}

// Exited already? Reaps it then.
bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

bool RedisLauncher::Installed() { return access(kRedisServer, X_OK) == 0; }

absl::StatusOr<std::unique_ptr<RedisLauncher>> RedisLauncher::Start() {
  absl::Status last = absl::UnavailableError("no free port on 127.0.0.1");
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    int port = FreePort();
    if (port == 0) continue;
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hitl-bench-redis-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::UnavailableError("cannot make a temporary directory for redis-server");
    }
    std::unique_ptr<RedisLauncher> redis(new RedisLauncher(pattern, port));
    last = redis->Launch();
    if (last.ok()) return redis;
    // Another process took the port between FreePort and redis's bind.
    if (!absl::StrContains(last.message(), "Address already in use")) return last;
  }
  return last;
}

RedisLauncher::~RedisLauncher() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisLauncher::url() const { return absl::StrCat("redis://127.0.0.1:", port_); }

absl::Status RedisLauncher::FlushAll() {
  absl::StatusOr<std::string> reply = Ask(port_, "FLUSHALL");
  if (!reply.ok()) return reply.status();
  return absl::OkStatus();
}

absl::Status RedisLauncher::Launch() {
  const std::string log_path = dir_ + "/redis.log";
  std::vector<std::string> args = {kRedisServer, "--port", absl::StrCat(port_),
                                   "--bind", "127.0.0.1", "--dir", dir_,
                                   "--daemonize", "no", "--save", "",
                                   "--appendonly", "yes", "--appendfsync", "always",
                                   "--auto-aof-rewrite-percentage", "0"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  int spawned = posix_spawn(&pid_, kRedisServer, &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) {
    pid_ = -1;
    return absl::UnavailableError(absl::StrCat("cannot run ", kRedisServer));
  }
  const absl::Time deadline = absl::Now() + kReadyTimeout;
  while (absl::Now() < deadline) {
    if (Exited(pid_)) {
      pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat("redis-server on 127.0.0.1:", port_, " exited:\n",
                       ReadFileToString(log_path).value_or("")));
    }
    absl::StatusOr<std::string> pong = Ask(port_, "PING");
    if (pong.ok() && *pong == "PONG") return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(20));  // polling a child process: nothing to wait on
  }
  Stop();
  return absl::UnavailableError(
      absl::StrCat("redis-server on 127.0.0.1:", port_, " did not answer PING in time"));
}

void RedisLauncher::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + kStopTimeout;
  while (!Exited(pid_)) {
    if (absl::Now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  pid_ = -1;
}

}  // namespace hitl::bench

// A real redis-server (/usr/bin/redis-server) for tests and the benchmark:
// on 127.0.0.1 only,
// on a free port, with its data in a fresh temporary directory, durable
// (appendonly yes, appendfsync always, no RDB snapshots) unless asked
// otherwise. Start returns once it answers PING. Kill (SIGKILL) and
// Restart (same directory and port) test crash recovery; Pause and Resume
// (SIGSTOP/SIGCONT) make it hang without closing connections. Stopped on
// destruction. Never the system's Redis service.
//
// Not thread-safe: one test thread drives it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/processes/child_process.h"

namespace hitl::testing {

class RedisServer {
 public:
  struct Options {
    // appendonly yes + appendfsync always; false: appendonly no.
    bool durable = true;
    // More redis-server arguments, e.g. {"--requirepass", "secret"}.
    std::vector<std::string> extra_args;
  };

  // False if redis-server is not installed (tests skip then).
  static bool Installed();
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(const Options& options);
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start() { return Start(Options{}); }
  ~RedisServer();

  // redis://127.0.0.1:<port> (no credentials).
  std::string url() const;
  int port() const { return port_; }

  // SIGKILL: no shutdown, no final fsync.
  void Kill();
  // SIGTERM, waiting for a clean exit.
  absl::Status Stop();
  // Starts it again on the same directory and port once it is down (after
  // Kill or Stop); returns once it answers PING (its data loaded).
  absl::Status Restart();
  void Pause();
  void Resume();
  // What it logged so far, over every run.
  std::string Output() const;

 private:
  RedisServer(Options options, std::string dir, int port)
      : options_(std::move(options)), dir_(std::move(dir)), port_(port) {}
  // Spawns redis-server on port_ and waits until it answers PING.
  absl::Status Launch();

  const Options options_;
  const std::string dir_;  // removed on destruction
  const int port_;
  std::unique_ptr<ChildProcess> process_;
  int runs_ = 0;  // launches so far, each with its own log file
};

}  // namespace hitl::testing

// A redis-server of the benchmark's own (/usr/bin/redis-server): on
// 127.0.0.1 only, on a free port, its data in a fresh temporary directory,
// durable like production (appendonly yes, appendfsync always), without RDB
// snapshots or automatic AOF rewrites (either would land in the middle of a
// measurement). Never the system's Redis service. Stopped (SIGTERM, then
// SIGKILL) and its directory removed on destruction.
//
// The tests have their own (tests/support/redis_server.h) with crash and
// pause controls; it reports through GoogleTest and is built only with the
// tests, so the benchmark keeps this small launcher instead.
//
// Not thread-safe: one thread drives it.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace hitl::bench {

class RedisLauncher {
 public:
  // False if redis-server is not installed.
  static bool Installed();
  // Returns once the server answers PING.
  static absl::StatusOr<std::unique_ptr<RedisLauncher>> Start();
  ~RedisLauncher();

  // redis://127.0.0.1:<port> (no credentials).
  std::string url() const;
  int port() const { return port_; }
  // FLUSHALL: a clean data set between runs.
  absl::Status FlushAll();

 private:
  RedisLauncher(std::string dir, int port) : dir_(std::move(dir)), port_(port) {}
  // Spawns redis-server on port_ and waits until it answers PING.
  absl::Status Launch();
  void Stop();

  const std::string dir_;
  const int port_;
  pid_t pid_ = -1;
};

}  // namespace hitl::bench

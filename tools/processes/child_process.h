// A program started by a test as a separate process: environment set
// explicitly, stderr captured to a file, stopped by the test with a signal,
// and its exit status checked. Killed (SIGKILL) on destruction if still up.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hitl::testing {

class ChildProcess {
 public:
  // Runs `binary` with `args` and exactly `env` as its environment.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Spawn(
      const std::string& binary, const std::vector<std::string>& args,
      const std::map<std::string, std::string>& env, const std::string& output_path);
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  void Signal(int signal);
  // The exit code (or 128 + signal) once it exits within `timeout`.
  std::optional<int> Wait(absl::Duration timeout);
  // Everything it wrote to stdout and stderr so far.
  std::string Output() const;

 private:
  ChildProcess(pid_t pid, std::string output_path) : pid_(pid), output_path_(std::move(output_path)) {}
  pid_t pid_;
  std::string output_path_;
  std::optional<int> exit_code_;
};

// Polls a ports file (JSON like {"grpc": 123}) until it names `key`.
std::optional<int> WaitForPort(const std::string& path, const std::string& key,
                               absl::Duration timeout = absl::Seconds(10));

}  // namespace hitl::testing

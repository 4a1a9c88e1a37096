// A hitl-gateway binary run as a separate process by a test: spawned with
// exactly the settings given, ready once it has written its ports file,
// stopped with SIGTERM (graceful) or SIGKILL (a crash). Killed on destruction
// if still up.
//
// Not thread-safe, except stub() (a gRPC stub may be shared by threads).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "tools/processes/child_process.h"

namespace hitl::testing {

class GatewayProcess {
 public:
  // Spawns `binary` with `env` as its whole environment (it must name
  // HITL_PORTS_FILE; a stale ports file there is removed first), writing its
  // log to `log_path`, and waits until it reports its gRPC and webhook ports.
  static absl::StatusOr<std::unique_ptr<GatewayProcess>> Start(
      const std::string& binary, const std::map<std::string, std::string>& env,
      const std::string& log_path);

  int grpc_port() const { return grpc_port_; }
  int webhook_port() const { return webhook_port_; }
  std::string grpc_addr() const;    // 127.0.0.1:<grpc port>
  std::string webhook_url() const;  // http://127.0.0.1:<webhook port>/livechat/webhook
  hitl::v1::HitlService::Stub& stub() { return *stub_; }

  // SIGTERM; its exit code once it exits within `timeout`.
  std::optional<int> Terminate(absl::Duration timeout = absl::Seconds(30));
  // SIGKILL, and reaped: no shutdown at all.
  void Kill();
  // The HTTP status of GET /readyz on the webhook port, 0 without an answer.
  int ReadyStatus() const;
  // Its log so far.
  std::string Output() const { return process_->Output(); }
  // For other signals and waits.
  ChildProcess& process() { return *process_; }

 private:
  GatewayProcess(std::unique_ptr<ChildProcess> process, int grpc_port, int webhook_port);

  std::unique_ptr<ChildProcess> process_;
  const int grpc_port_;
  const int webhook_port_;
  std::unique_ptr<hitl::v1::HitlService::Stub> stub_;
};

}  // namespace hitl::testing

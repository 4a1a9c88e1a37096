#include "tests/support/gateway_process.h"

#include <httplib.h>
#include <signal.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"

namespace hitl::testing {

absl::StatusOr<std::unique_ptr<GatewayProcess>> GatewayProcess::Start(
    const std::string& binary, const std::map<std::string, std::string>& env,
    const std::string& log_path) {
  auto ports_file = env.find("HITL_PORTS_FILE");
  if (ports_file == env.end()) {
    return absl::InvalidArgumentError("GatewayProcess needs HITL_PORTS_FILE in its env");
  }
  std::remove(ports_file->second.c_str());  // a restart must not read the old ports
  auto process = ChildProcess::Spawn(binary, {}, env, log_path);
  if (!process.ok()) return process.status();
  auto grpc_port = WaitForPort(ports_file->second, "grpc");
  auto webhook_port = WaitForPort(ports_file->second, "webhook");
  if (!grpc_port || !webhook_port) {
    return absl::UnavailableError(
        absl::StrCat("the gateway did not report its ports:\n", (*process)->Output()));
  }
  return std::unique_ptr<GatewayProcess>(
      new GatewayProcess(*std::move(process), *grpc_port, *webhook_port));
}

GatewayProcess::GatewayProcess(std::unique_ptr<ChildProcess> process, int grpc_port,
                               int webhook_port)
    : process_(std::move(process)),
      grpc_port_(grpc_port),
      webhook_port_(webhook_port),
      stub_(hitl::v1::HitlService::NewStub(
          grpc::CreateChannel(grpc_addr(), grpc::InsecureChannelCredentials()))) {}

std::string GatewayProcess::grpc_addr() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

std::string GatewayProcess::webhook_url() const {
  return absl::StrCat("http://127.0.0.1:", webhook_port_, "/livechat/webhook");
}

std::optional<int> GatewayProcess::Terminate(absl::Duration timeout) {
  process_->Signal(SIGTERM);
  return process_->Wait(timeout);
}

void GatewayProcess::Kill() {
  process_->Signal(SIGKILL);
  process_->Wait(absl::Seconds(10));
}

int GatewayProcess::ReadyStatus() const {
  httplib::Client client("127.0.0.1", webhook_port_);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  auto result = client.Get("/readyz");
  return result ? result->status : 0;
}

}  // namespace hitl::testing

// hitl-e2e-stack: livechat-sim (in this process) and a real hitl-gateway
// process on loopback ports, for the client libraries' end-to-end tests in
// other languages. It prints one JSON line with the addresses:
//   {"grpc": "127.0.0.1:P", "sim": "http://127.0.0.1:S", "webhook_port": W}
// (plus "ca_file" with --tls: the PEM to trust), then obeys commands, one per
// line on stdin, answering one JSON line each:
//   restart       SIGTERM the gateway and start it again on the same ports
//                 and database  -> {"restarted": true}
//   stop (or EOF) stop everything -> {"stopped": true, "gateway_exit": 0}
// Usage: hitl-e2e-stack --gateway PATH [--tls] [--env NAME=VALUE]...
//   --tls   serve gRPC over TLS with a throwaway self-signed certificate
//   --env   extra gateway settings, e.g. --env HITL_API_TOKENS=secret
#include <httplib.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/common/command_line.h"
#include "server/common/log.h"
#include "tests/support/gateway_process.h"
#include "tests/support/self_signed_cert.h"
#include "tools/livechat-sim/gateway_settings.h"
#include "tools/livechat-sim/simulator.h"

namespace {

using hitl::testing::GatewayProcess;

class Stack {
 public:
  Stack(std::string gateway_binary, std::map<std::string, std::string> extra_env, bool tls)
      : gateway_binary_(std::move(gateway_binary)),
        extra_env_(std::move(extra_env)),
        tls_(tls) {}

  absl::Status Start() {
    char dir[] = "/tmp/hitl-e2e-stack-XXXXXX";
    if (mkdtemp(dir) == nullptr) return absl::InternalError("mkdtemp failed");
    dir_ = dir;
    if (tls_) {
      if (absl::Status s = hitl::testing::WriteSelfSignedCert(dir_); !s.ok()) return s;
      extra_env_["HITL_TLS_CERT"] = dir_ + "/cert.pem";
      extra_env_["HITL_TLS_KEY"] = dir_ + "/key.pem";
    }
    // Quicker than LiveChat's minute, but long enough to outlast a restart.
    sim_options_.webhook_retry_delays = {absl::Milliseconds(100), absl::Milliseconds(500),
                                         absl::Seconds(2)};
    simulator_ = std::make_unique<hitl::sim::Simulator>(sim_options_);
    if (absl::Status s = simulator_->Start(); !s.ok()) return s;
    return StartGateway("127.0.0.1:0", "127.0.0.1:0");
  }

  absl::Status Restart() {
    if (absl::Status s = StopGateway(); !s.ok()) return s;
    // The same ports, so clients reconnect to the address they know.
    return StartGateway(grpc_addr_, absl::StrCat("127.0.0.1:", webhook_port_));
  }

  absl::Status StopGateway() {
    auto code = gateway_->Terminate(absl::Seconds(30));
    if (code != 0) {
      return absl::InternalError(absl::StrCat("gateway exited with ", code.value_or(-1), ":\n",
                                              gateway_->Output()));
    }
    return absl::OkStatus();
  }

  void StopSimulator() { simulator_->Stop(); }
  void RemoveFiles() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  nlohmann::json Addresses() const {
    nlohmann::json out = {{"grpc", grpc_addr_},
                          {"sim", absl::StrCat("http://127.0.0.1:", simulator_->port())},
                          {"webhook_port", webhook_port_}};
    if (tls_) out["ca_file"] = dir_ + "/cert.pem";
    return out;
  }

 private:
  absl::Status StartGateway(const std::string& grpc_addr, const std::string& webhook_addr) {
    auto env = hitl::sim::GatewaySettingsFor(sim_options_, simulator_->port(), 7);
    env.insert({{"HITL_GRPC_ADDR", grpc_addr},
                {"HITL_WEBHOOK_ADDR", webhook_addr},
                {"HITL_DB", dir_ + "/gateway.db"},
                {"HITL_PORTS_FILE", dir_ + "/ports.json"},
                {"HITL_SHUTDOWN_GRACE", "5s"}});
    for (const auto& [key, value] : extra_env_) env[key] = value;
    auto gateway = GatewayProcess::Start(gateway_binary_, env,
                                         absl::StrCat(dir_, "/gateway-", ++runs_, ".log"));
    if (!gateway.ok()) return gateway.status();
    gateway_ = *std::move(gateway);
    grpc_addr_ = gateway_->grpc_addr();
    webhook_port_ = gateway_->webhook_port();
    // LiveChat must know where the (possibly new) webhook listener is.
    httplib::Client control("127.0.0.1", simulator_->port());
    nlohmann::json config = {{"webhook_url", absl::StrCat("http://127.0.0.1:", webhook_port_,
                                                          "/livechat/webhook")}};
    auto result = control.Post("/sim/config", config.dump(), "application/json");
    if (!result || result->status != 200) {
      return absl::UnavailableError("cannot configure the simulator's webhook URL");
    }
    return absl::OkStatus();
  }

  std::string gateway_binary_;
  std::map<std::string, std::string> extra_env_;
  const bool tls_;
  std::string dir_;
  hitl::sim::SimulatorOptions sim_options_;
  std::unique_ptr<hitl::sim::Simulator> simulator_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::string grpc_addr_;
  int webhook_port_ = 0;
  int runs_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto command_line = hitl::ParseCommandLine(args, {"tls"}, /*allow_positional=*/false);
  if (!command_line.ok() || !command_line->Has("gateway") ||
      !command_line->OnlyKnown({"gateway", "env", "tls"}).ok()) {
    std::cerr << "usage: hitl-e2e-stack --gateway PATH [--tls] [--env NAME=VALUE]...\n";
    return 2;
  }
  std::map<std::string, std::string> env;
  for (const std::string& pair : command_line->GetAll("env")) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) {
      std::cerr << "hitl-e2e-stack: --env wants NAME=VALUE\n";
      return 2;
    }
    env[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  (void)hitl::log::Init("warn");
  signal(SIGPIPE, SIG_IGN);
  Stack stack(*command_line->Get("gateway"), env, command_line->Has("tls"));
  if (absl::Status s = stack.Start(); !s.ok()) {
    std::cerr << "hitl-e2e-stack: " << s.message() << "\n";
    return 1;
  }
  std::cout << stack.Addresses().dump() << std::endl;
  std::string command;
  while (std::getline(std::cin, command) && command != "stop") {
    if (command == "restart") {
      absl::Status s = stack.Restart();
      std::cout << nlohmann::json{{"restarted", s.ok()}, {"error", std::string(s.message())}}.dump()
                << std::endl;
      if (!s.ok()) return 1;
    } else {
      std::cout << nlohmann::json{{"error", "unknown command"}}.dump() << std::endl;
    }
  }
  absl::Status stopped = stack.StopGateway();
  stack.StopSimulator();
  stack.RemoveFiles();
  std::cout << nlohmann::json{{"stopped", true}, {"gateway_exit", stopped.ok() ? 0 : 1}}.dump()
            << std::endl;
  if (!stopped.ok()) std::cerr << stopped.message() << "\n";
  return stopped.ok() ? 0 : 1;
}

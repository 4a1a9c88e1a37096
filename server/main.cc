// hitl-gateway: configuration, signals, and the Gateway's lifetime.
#include <iostream>

#include "server/common/file_limit.h"
#include "server/common/log.h"
#include "server/common/termination_signals.h"
#include "server/config/config.h"
#include "server/gateway.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto loaded = hitl::config::Load(args, hitl::config::ProcessEnvironment());
  if (!loaded.ok()) {
    std::cerr << "hitl-gateway: " << loaded.status().message() << "\n";
    return 2;
  }
  if (loaded->help) {
    std::cout << hitl::config::HelpText();
    return 0;
  }
  if (absl::Status s = hitl::log::Init(loaded->config.log_level); !s.ok()) {
    std::cerr << "hitl-gateway: " << s.message() << "\n";
    return 2;
  }
  hitl::BlockTerminationSignals();
  // Webhook connections, gRPC streams and store connections all take a file
  // descriptor; leave room beyond the webhook limit for the rest.
  const uint64_t open_files = hitl::RaiseOpenFileLimit();
  if (open_files < loaded->config.webhook_max_connections + 512) {
    hitl::log::Warn(
        "open-file limit {} is low for HITL_WEBHOOK_MAX_CONNECTIONS={}: raise the limit "
        "(ulimit -n) or lower the setting",
        open_files, loaded->config.webhook_max_connections);
  }

  auto gateway = hitl::Gateway::Start(loaded->config);
  if (!gateway.ok()) {
    hitl::log::Error("cannot start: {}", gateway.status().message());
    return 1;
  }
  hitl::log::Info("signal={} received", hitl::AwaitTerminationSignal());
  (*gateway)->Shutdown();
  return 0;
}

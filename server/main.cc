// hitl-gateway: configuration, signals, and the Gateway's lifetime.
#include <cstdlib>
#include <iostream>
#include <thread>

#include "absl/time/clock.h"

#include "server/common/file_limit.h"
#include "server/common/log.h"
#include "server/common/termination_signals.h"
#include "server/config/config.h"
#include "server/gateway.h"

namespace {
// How long after HITL_SHUTDOWN_GRACE a shutdown that still hangs is ended.
constexpr absl::Duration kShutdownBackstop = absl::Milliseconds(900);
}  // namespace

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
  // The grace is a promise to the orchestrator: calls are cut at its end,
  // and should anything still hang (a store that stopped answering), the
  // process exits regardless a moment later.
  std::thread([bound = loaded->config.shutdown_grace + kShutdownBackstop] {
    absl::SleepFor(bound);
    hitl::log::Error("shutdown still not finished {} after the signal; exiting now",
                     absl::FormatDuration(bound));
    std::_Exit(3);
  }).detach();
  (*gateway)->Shutdown();
  return 0;
}

// hitl-gateway: configuration, signals, and the Gateway's lifetime.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>

#include "server/common/log.h"
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
  // Signals are taken synchronously by this thread alone (sigwait), so no
  // handler runs on an arbitrary thread; every thread started later inherits
  // the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto gateway = hitl::Gateway::Start(loaded->config);
  if (!gateway.ok()) {
    hitl::log::Error("cannot start: {}", gateway.status().message());
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  hitl::log::Info("signal={} received", received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*gateway)->Shutdown();
  return 0;
}

// livechat-sim: flags, signals, and the Simulator's lifetime.
#include <pthread.h>

#include <csignal>
#include <iostream>

#include "server/common/log.h"
#include "tools/livechat-sim/sim_flags.h"
#include "tools/livechat-sim/simulator.h"

int main(int argc, char** argv) {
  auto flags = hitl::sim::ParseFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!flags.ok()) {
    std::cerr << "livechat-sim: " << flags.status().message() << "\n";
    return 2;
  }
  if (flags->help) {
    std::cout << hitl::sim::HelpText();
    return 0;
  }
  if (absl::Status s = hitl::log::Init(flags->log_level); !s.ok()) {
    std::cerr << "livechat-sim: --log-level: " << s.message() << "\n";
    return 2;
  }
  // Signals are taken synchronously by this thread alone (sigwait); every
  // thread started later inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  hitl::sim::Simulator simulator(std::move(flags->options));
  if (absl::Status s = simulator.Start(); !s.ok()) {
    hitl::log::Error("cannot start: {}", s.message());
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  hitl::log::Info("signal={} received; stopping", received == SIGTERM ? "SIGTERM" : "SIGINT");
  simulator.Stop();
  return 0;
}

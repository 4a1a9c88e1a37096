// livechat-sim: flags, signals, and the Simulator's lifetime.

#include <iostream>

#include "server/common/log.h"
#include "server/common/termination_signals.h"
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
  hitl::BlockTerminationSignals();

  hitl::sim::Simulator simulator(std::move(flags->options));
  if (absl::Status s = simulator.Start(); !s.ok()) {
    hitl::log::Error("cannot start: {}", s.message());
    return 1;
  }
  hitl::log::Info("signal={} received; stopping", hitl::AwaitTerminationSignal());
  simulator.Stop();
  return 0;
}

// The livechat-sim binary run as a separate process by a test, on a free
// port of 127.0.0.1, with a control client for its /sim API. Killed on
// destruction if still up.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/processes/child_process.h"
#include "tests/support/sim_control.h"

namespace hitl::testing {

class SimProcess {
 public:
  // Spawns `binary` with `args` plus a free port, its ports file and its log
  // in `dir`, and waits until it reports its port.
  static absl::StatusOr<std::unique_ptr<SimProcess>> Start(const std::string& binary,
                                                           const std::vector<std::string>& args,
                                                           const std::string& dir);

  int port() const { return port_; }
  // One control client; a thread of its own needs its own SimControl(port()).
  SimControl& control() { return control_; }
  std::string Output() const { return process_->Output(); }

 private:
  SimProcess(std::unique_ptr<ChildProcess> process, int port)
      : process_(std::move(process)), port_(port), control_(port) {}

  std::unique_ptr<ChildProcess> process_;
  const int port_;
  SimControl control_;
};

}  // namespace hitl::testing

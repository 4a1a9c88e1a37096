// The livechat-sim command line: "--name=value" or "--name value", booleans
// also as bare "--name". Unknown flags and bad values are errors naming the
// flag. Defaults come from SimulatorOptions (sim_options.h).
//
// Thread-safe: pure functions (LoadGroupsFile reads a file).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/livechat-sim/sim_options.h"

namespace hitl::sim {

struct FlagsResult {
  SimulatorOptions options;  // validated and completed (ValidateAndComplete)
  std::string log_level = "info";
  bool help = false;  // --help: print HelpText() and exit 0
};

// `args` without the program name.
absl::StatusOr<FlagsResult> ParseFlags(const std::vector<std::string>& args);

// The --help text: every flag with its default.
std::string HelpText();

// Replaces options.agents and options.groups with those of a JSON file:
//   {"agents": [{"id": "jane.doe@example.com", "name": "Jane Doe",
//                "accepting": true}, ...],                      (optional)
//    "groups": [{"id": 7, "name": "Support", "language_code": "en",
//                "agent_priorities": {"jane.doe@example.com": "normal"}}]}
// Agents named only in agent_priorities are created accepting chats; the
// requester agent is always added.
absl::Status LoadGroupsFile(const std::string& path, SimulatorOptions& options);

}  // namespace hitl::sim

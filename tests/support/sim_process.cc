#include "tests/support/sim_process.h"

#include "absl/strings/str_cat.h"

namespace hitl::testing {

absl::StatusOr<std::unique_ptr<SimProcess>> SimProcess::Start(
    const std::string& binary, const std::vector<std::string>& args, const std::string& dir) {
  const std::string ports_file = dir + "/sim.json";
  std::vector<std::string> all = {"--port", "0", "--ports-file", ports_file};
  all.insert(all.end(), args.begin(), args.end());
  auto process = ChildProcess::Spawn(binary, all, {}, dir + "/sim.log");
  if (!process.ok()) return process.status();
  auto port = WaitForPort(ports_file, "http");
  if (!port) {
    return absl::UnavailableError(
        absl::StrCat("livechat-sim did not report its port:\n", (*process)->Output()));
  }
  return std::unique_ptr<SimProcess>(new SimProcess(*std::move(process), *port));
}

}  // namespace hitl::testing

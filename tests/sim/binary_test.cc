// Runs the livechat-sim binary as a separate process: flags, the ports
// file, serving, and a clean exit on SIGTERM.
#include <httplib.h>
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/sim/sim_test_support.h"
#include "tools/processes/child_process.h"
#include "tests/support/test_files.h"

namespace hitl::sim::testing {
namespace {

using ::hitl::testing::ChildProcess;
using ::hitl::testing::TempDir;
using ::hitl::testing::WaitForPort;

// How long a test waits for the simulator to exit.
constexpr absl::Duration kExitTimeout = absl::Seconds(10);

// The simulator binary with `args`; its output goes to `dir`/<log_name>.
std::unique_ptr<ChildProcess> StartSim(const std::vector<std::string>& args, const TempDir& dir,
                                       const std::string& log_name) {
  auto child = ChildProcess::Spawn(LIVECHAT_SIM_BINARY, args, {}, dir.path() + "/" + log_name);
  EXPECT_TRUE(child.ok()) << child.status();
  return child.ok() ? *std::move(child) : nullptr;
}

TEST(SimBinary, ServesOnThePortItWritesAndExitsCleanlyOnSigterm) {
  TempDir dir;
  const std::string ports_file = dir.path() + "/livechat_sim_ports.json";
  auto sim = StartSim({"--ports-file", ports_file, "--log-level=warn", "--webhook-retry-delays=50ms"},
                      dir, "sim.log");
  ASSERT_NE(sim, nullptr);
  std::optional<int> port = WaitForPort(ports_file, "http");
  ASSERT_TRUE(port.has_value()) << sim->Output();
  httplib::Client client("127.0.0.1", *port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  sim->Signal(SIGTERM);
  EXPECT_EQ(sim->Wait(kExitTimeout), 0) << sim->Output();
}

TEST(SimBinary, BadFlagsExitWithUsageError) {
  TempDir dir;
  auto sim = StartSim({"--host=0.0.0.0"}, dir, "bad-flags.log");
  ASSERT_NE(sim, nullptr);
  EXPECT_EQ(sim->Wait(kExitTimeout), 2) << sim->Output();
  auto help = StartSim({"--help"}, dir, "help.log");
  ASSERT_NE(help, nullptr);
  EXPECT_EQ(help->Wait(kExitTimeout), 0) << help->Output();
}

}  // namespace
}  // namespace hitl::sim::testing

// Runs the livechat-sim binary as a separate process: flags, the ports
// file, serving, and a clean exit on SIGTERM.
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "server/livechat/wire/json_reader.h"
#include "tests/sim/sim_test_support.h"

extern char** environ;

namespace hitl::sim::testing {
namespace {

// A child process, killed and reaped if the test ends early.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    args.insert(args.begin(), LIVECHAT_SIM_BINARY);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    spawned_ = posix_spawn(&pid_, LIVECHAT_SIM_BINARY, nullptr, nullptr, argv.data(), environ) == 0;
  }
  ~Child() {
    if (running()) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  bool spawned() const { return spawned_; }
  bool running() const { return spawned_ && !exited_; }
  void Signal(int signal) { kill(pid_, signal); }
  // The exit code, or -1 if it did not exit normally.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  bool spawned_ = false;
  bool exited_ = false;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SimBinary, ServesOnThePortItWritesAndExitsCleanlyOnSigterm) {
  const std::string ports_file =
      ::testing::TempDir() + "/livechat_sim_ports_" + std::to_string(getpid()) + ".json";
  std::remove(ports_file.c_str());
  Child sim({"--ports-file", ports_file, "--log-level=warn", "--webhook-retry-delays=50ms"});
  ASSERT_TRUE(sim.spawned());
  int port = 0;
  ASSERT_TRUE(WaitUntil([&] {
    auto json = livechat::wire::ParseJson(ReadFile(ports_file));
    if (!json.ok() || !json->is_object() || !json->contains("http")) return false;
    port = (*json)["http"].get<int>();
    return true;
  }));
  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  sim.Signal(SIGTERM);
  EXPECT_EQ(sim.Wait(), 0);
  std::remove(ports_file.c_str());
}

TEST(SimBinary, BadFlagsExitWithUsageError) {
  Child sim({"--host=0.0.0.0"});
  ASSERT_TRUE(sim.spawned());
  EXPECT_EQ(sim.Wait(), 2);
  Child help({"--help"});
  EXPECT_EQ(help.Wait(), 0);
}

}  // namespace
}  // namespace hitl::sim::testing

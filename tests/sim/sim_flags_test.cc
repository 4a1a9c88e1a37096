// Unit tests of livechat-sim's flags and option validation.
#include "tools/livechat-sim/sim_flags.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace hitl::sim {
namespace {

TEST(SimFlags, DefaultsMatchTheDocumentedValues) {
  auto parsed = ParseFlags({});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const SimulatorOptions& o = parsed->options;
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.organization_id, "390e44e6-f1e6-4c8c-9d5b-74a14508c2e1");
  EXPECT_EQ(o.client_id, "9cbf3a968289727cb3cdfe83ab1d9836");
  EXPECT_EQ(o.agent_token, "c2ltLWJvdEBleGFtcGxlLmNvbTpzaW0tcGF0");
  EXPECT_EQ(o.requester_agent, "bot@example.com");
  EXPECT_EQ(o.api_version, "3.5");
  EXPECT_TRUE(o.webhook_urls.empty());
  EXPECT_EQ(o.webhook_secret, "sim-webhook-secret");
  EXPECT_EQ(o.webhook_actions,
            (std::vector<std::string>{"incoming_event", "chat_deactivated", "chat_transferred"}));
  EXPECT_EQ(o.webhook_retry_delays,
            (std::vector<absl::Duration>{absl::Seconds(5), absl::Seconds(20), absl::Seconds(35)}));
  EXPECT_EQ(o.webhook_timeout, absl::Seconds(10));
  EXPECT_EQ(o.token_ttl, absl::Seconds(28800));
  EXPECT_FALSE(o.auto_agent);
  EXPECT_EQ(o.auto_agent_delay, absl::Milliseconds(200));
  ASSERT_EQ(o.groups.size(), 2u);
  EXPECT_EQ(o.groups[0].id, 0);
  EXPECT_EQ(o.groups[0].name, "General");
  EXPECT_EQ(o.groups[0].agent_priorities.count("jane.doe@example.com"), 1u);
  EXPECT_EQ(o.groups[1].id, 7);
  EXPECT_EQ(o.groups[1].agent_priorities.size(), 2u);
  EXPECT_EQ(o.agents.size(), 3u);
}

TEST(SimFlags, AcceptsEveryFlagForm) {
  auto parsed = ParseFlags({"--port=8123", "--ports-file", "/tmp/p.json", "--auto-agent",
                            "--webhook-retry-delays=50ms,100ms,200ms", "--token-ttl=60",
                            "--webhook-actions=incoming_event,incoming_chat",
                            "--auto-agent-delay=1s", "--host=localhost"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const SimulatorOptions& o = parsed->options;
  EXPECT_EQ(o.port, 8123);
  EXPECT_EQ(o.ports_file, "/tmp/p.json");
  EXPECT_TRUE(o.auto_agent);
  EXPECT_EQ(o.webhook_retry_delays.size(), 3u);
  EXPECT_EQ(o.webhook_retry_delays[0], absl::Milliseconds(50));
  EXPECT_EQ(o.token_ttl, absl::Seconds(60));
  EXPECT_EQ(o.webhook_actions, (std::vector<std::string>{"incoming_event", "incoming_chat"}));
  EXPECT_EQ(o.auto_agent_delay, absl::Seconds(1));
  EXPECT_EQ(o.host, "127.0.0.1");  // localhost pinned to IPv4
}

TEST(SimFlags, EmptyRetryListMeansNoRetries) {
  auto parsed = ParseFlags({"--webhook-retry-delays="});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->options.webhook_retry_delays.empty());
}

TEST(SimFlags, RepeatedWebhookUrlsFormTheListWebhooksTakeTurnsOn) {
  auto parsed = ParseFlags({"--webhook-url", "http://127.0.0.1:8081/livechat/webhook",
                            "--webhook-url=http://127.0.0.1:8082/livechat/webhook"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->options.webhook_urls,
            (std::vector<std::string>{"http://127.0.0.1:8081/livechat/webhook",
                                      "http://127.0.0.1:8082/livechat/webhook"}));
  // An empty one clears those before it ("none").
  auto cleared = ParseFlags({"--webhook-url", "http://127.0.0.1:8081/hook", "--webhook-url="});
  ASSERT_TRUE(cleared.ok()) << cleared.status();
  EXPECT_TRUE(cleared->options.webhook_urls.empty());
  auto bad = ParseFlags({"--webhook-url", "http://127.0.0.1:8081/hook", "--webhook-url", "nope"});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(absl::StartsWith(bad.status().message(), "--webhook-url: ")) << bad.status();
}

TEST(SimFlags, HelpIsRecognized) {
  auto parsed = ParseFlags({"--help"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->help);
  for (const char* flag :
       {"--host", "--port", "--ports-file", "--organization-id", "--client-id", "--agent-token",
        "--requester-agent", "--api-version", "--webhook-url", "--webhook-secret",
        "--webhook-actions", "--webhook-retry-delays", "--webhook-timeout", "--token-ttl",
        "--auto-agent", "--auto-agent-delay", "--groups-file"}) {
    EXPECT_TRUE(absl::StrContains(HelpText(), flag)) << flag;
  }
}

TEST(SimFlags, RefusesNonLoopbackHosts) {
  for (const char* host : {"0.0.0.0", "192.168.1.2", "example.com", "::"}) {
    auto parsed = ParseFlags({absl::StrCat("--host=", host)});
    ASSERT_FALSE(parsed.ok()) << host;
    EXPECT_TRUE(absl::StartsWith(parsed.status().message(), "--host:")) << parsed.status();
  }
  EXPECT_TRUE(ParseFlags({"--host=127.0.0.2"}).ok());
  EXPECT_TRUE(ParseFlags({"--host=::1"}).ok());
}

TEST(SimFlags, ErrorsNameTheFlag) {
  struct Case {
    std::vector<std::string> args;
    const char* flag;
  };
  for (const Case& c :
       std::vector<Case>{{{"--webhook-timeout=soon"}, "--webhook-timeout"},
                         {{"--webhook-retry-delays=1s,x"}, "--webhook-retry-delays"},
                         {{"--webhook-actions=incoming_event,nope"}, "--webhook-actions"},
                         {{"--api-version=latest"}, "--api-version"},
                         {{"--port=70000"}, "--port"},
                         {{"--auto-agent=maybe"}, "--auto-agent"},
                         {{"--webhook-url=ftp://x"}, "--webhook-url"},
                         {{"--bogus=1"}, "--bogus"},
                         {{"--port"}, "--port"}}) {
    auto parsed = ParseFlags(c.args);
    ASSERT_FALSE(parsed.ok()) << c.args[0];
    EXPECT_TRUE(absl::StrContains(parsed.status().message(), c.flag)) << parsed.status();
  }
}

class GroupsFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = ::testing::TempDir() + "/sim_groups_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json";
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(GroupsFileTest, ReplacesAgentsAndGroups) {
  std::string path = Write(R"({
    "agents": [{"id": "ann@example.com", "name": "Ann", "accepting": false}],
    "groups": [{"id": 3, "name": "Billing",
                "agent_priorities": {"ann@example.com": "first", "bob.smith@example.com": "last"}}]
  })");
  auto parsed = ParseFlags({"--groups-file", path});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const SimulatorOptions& o = parsed->options;
  ASSERT_EQ(o.groups.size(), 1u);
  EXPECT_EQ(o.groups[0].id, 3);
  EXPECT_EQ(o.groups[0].language_code, "en");
  // ann (listed), bot (the requester, always there), bob (named in a group).
  ASSERT_EQ(o.agents.size(), 3u);
  EXPECT_FALSE(o.agents[0].accepting);
  EXPECT_EQ(o.agents[2].id, "bob.smith@example.com");
  EXPECT_EQ(o.agents[2].name, "Bob Smith");
}

TEST_F(GroupsFileTest, ReportsBadContentWithThePath) {
  for (const char* text :
       {"{", R"({"groups": [{"id": 1}]})",
        R"({"groups": [{"id": 1, "name": "x", "agent_priorities": {"a": "vip"}}]})",
        R"({"groups": [{"id": 1, "name": "a"}, {"id": 1, "name": "b"}]})", R"({"agents": []})"}) {
    std::string path = Write(text);
    auto parsed = ParseFlags({"--groups-file", path});
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_TRUE(absl::StrContains(parsed.status().message(), "--groups-file")) << parsed.status();
  }
  auto missing = ParseFlags({"--groups-file=/nonexistent/groups.json"});
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "/nonexistent/groups.json"));
}

}  // namespace
}  // namespace hitl::sim

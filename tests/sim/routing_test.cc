// Unit tests of the simulator's agent routing.
#include "tools/livechat-sim/routing.h"

#include "gtest/gtest.h"

namespace hitl::sim {
namespace {

class SimRouting : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"a", "b", "c"}) agents_[id] = AgentRecord{.id = id, .name = id};
    groups_[1] = GroupRecord{.id = 1,
                             .name = "one",
                             .language_code = "en",
                             .agent_priorities = {{"a", "normal"}, {"b", "normal"}}};
    groups_[2] = GroupRecord{
        .id = 2, .name = "two", .language_code = "en", .agent_priorities = {{"c", "supervisor"}}};
  }
  std::map<int64_t, GroupRecord> groups_;
  std::map<std::string, AgentRecord> agents_;
};

TEST_F(SimRouting, PicksTheLeastLoadedAgent) {
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {{"a", 2}, {"b", 1}}), "b");
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {{"a", 0}, {"b", 1}}), "a");
}

TEST_F(SimRouting, EquallyLoadedAgentsTakeTurns) {
  agents_["a"].last_assigned = 5;
  agents_["b"].last_assigned = 3;
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {}), "b");
  agents_["b"].last_assigned = 6;
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {}), "a");
}

TEST_F(SimRouting, BetterPriorityWinsOnEqualLoad) {
  groups_[1].agent_priorities["b"] = "first";
  agents_["b"].last_assigned = 10;
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {}), "b");
}

TEST_F(SimRouting, SkipsAgentsNotAcceptingAndSupervisors) {
  agents_["a"].accepting = false;
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {{"b", 9}}), "b");
  agents_["b"].accepting = false;
  EXPECT_EQ(PickAgent({1}, groups_, agents_, {}), std::nullopt);
  EXPECT_EQ(PickAgent({2}, groups_, agents_, {}), std::nullopt);
  EXPECT_EQ(PickAgent({99}, groups_, agents_, {}), std::nullopt);
}

TEST_F(SimRouting, ConsidersEveryRequestedGroup) {
  groups_[2].agent_priorities["c"] = "normal";
  EXPECT_EQ(PickAgent({1, 2}, groups_, agents_, {{"a", 1}, {"b", 1}}), "c");
}

}  // namespace
}  // namespace hitl::sim

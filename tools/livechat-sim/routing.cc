#include "tools/livechat-sim/routing.h"

#include <tuple>

namespace hitl::sim {
namespace {

// Lower is better; nullopt: never routed to.
std::optional<int> PriorityRank(const std::string& priority) {
  if (priority == "first") return 0;
  if (priority == "normal") return 1;
  if (priority == "last") return 2;
  return std::nullopt;  // supervisor
}

}  // namespace

std::optional<std::string> PickAgent(const std::vector<int64_t>& group_ids,
                                     const std::map<int64_t, GroupRecord>& groups,
                                     const std::map<std::string, AgentRecord>& agents,
                                     const std::map<std::string, int>& active_chats) {
  std::optional<std::string> best;
  std::tuple<int, int, uint64_t> best_key;
  for (int64_t group_id : group_ids) {
    auto group = groups.find(group_id);
    if (group == groups.end()) continue;
    for (const auto& [agent_id, priority] : group->second.agent_priorities) {
      auto agent = agents.find(agent_id);
      std::optional<int> rank = PriorityRank(priority);
      if (agent == agents.end() || !agent->second.accepting || !rank) continue;
      auto load = active_chats.find(agent_id);
      std::tuple<int, int, uint64_t> key{load == active_chats.end() ? 0 : load->second, *rank,
                                         agent->second.last_assigned};
      if (!best || key < best_key) {
        best = agent_id;
        best_key = key;
      }
    }
  }
  return best;
}

}  // namespace hitl::sim

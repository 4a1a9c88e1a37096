// Which agent a chat routed to some groups gets: an accepting,
// non-supervisor member of the groups with the fewest active chats; ties go
// to the better priority (first > normal > last), then to the agent assigned
// least recently (so equally loaded agents take turns).
//
// Thread-safe: pure function.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/livechat-sim/sim_records.h"

namespace hitl::sim {

std::optional<std::string> PickAgent(const std::vector<int64_t>& group_ids,
                                     const std::map<int64_t, GroupRecord>& groups,
                                     const std::map<std::string, AgentRecord>& agents,
                                     const std::map<std::string, int>& active_chats);

}  // namespace hitl::sim

// What the simulator remembers: agents, groups, customers and chats with
// their threads and events. Plain values; SimState (sim_state.h) owns them
// behind its lock and hands out copies.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "server/livechat/wire/chat_api.h"
#include "server/livechat/wire/event.h"

namespace hitl::sim {

using SessionFields = std::vector<std::pair<std::string, std::string>>;

struct AgentRecord {
  std::string id;
  std::string name;
  bool accepting = true;
  // Sequence number of the agent's latest assignment; the least recent wins
  // ties, so equally loaded agents take turns.
  uint64_t last_assigned = 0;
};

struct GroupRecord {
  int64_t id = 0;
  std::string name;
  std::string language_code;
  std::map<std::string, std::string> agent_priorities;  // agent id -> priority
};

struct CustomerRecord {
  std::string id;  // a UUID, also the __lc_cid cookie
  std::string name;
  std::string email;
  SessionFields session_fields;
  std::string cookie_secret;  // __lc_cst; secret
  absl::Time created_at;
};

// A user of a chat.
struct ChatMember {
  std::string id;
  std::string type;  // "agent" | "customer"
  std::string visibility = "all";
};

struct ThreadRecord {
  std::string id;
  absl::Time created_at;
  bool active = true;
  std::vector<livechat::wire::Event> events;
  std::optional<livechat::wire::QueueInfo> queue;  // while waiting for an agent
  int next_event_number = 1;                       // ids are "<thread id>_<n>"
};

struct ChatRecord {
  std::string id;
  absl::Time created_at;
  std::vector<int64_t> group_ids;  // access.group_ids
  std::vector<ChatMember> users;   // current users, in joining order
  // Agents routing or a transfer gave the chat to (not the requester who
  // merely started it). Empty while queued or unassigned.
  std::vector<std::string> assigned_agent_ids;
  livechat::wire::Json properties = livechat::wire::Json::object();
  std::vector<ThreadRecord> threads;  // oldest first; never empty

  bool active() const { return !threads.empty() && threads.back().active; }
  const ThreadRecord& last_thread() const { return threads.back(); }
  ThreadRecord& last_thread() { return threads.back(); }
  // The thread with `thread_id`, or the last one if `thread_id` is empty;
  // nullptr if there is none.
  const ThreadRecord* FindThread(const std::string& thread_id) const {
    if (thread_id.empty()) return threads.empty() ? nullptr : &threads.back();
    for (const ThreadRecord& thread : threads) {
      if (thread.id == thread_id) return &thread;
    }
    return nullptr;
  }
  const ChatMember* FindUser(const std::string& user_id) const {
    for (const ChatMember& user : users) {
      if (user.id == user_id) return &user;
    }
    return nullptr;
  }
  std::vector<std::string> user_ids() const {
    std::vector<std::string> ids;
    for (const ChatMember& user : users) ids.push_back(user.id);
    return ids;
  }
};

// Who a chat user is, for rendering.
struct UserProfile {
  std::string id;
  std::string type;
  std::string name;
  std::string email;
  SessionFields session_fields;
};

// A chat as of one moment, with profiles of its users (same order).
struct ChatSnapshot {
  ChatRecord chat;
  std::vector<UserProfile> users;
};

}  // namespace hitl::sim

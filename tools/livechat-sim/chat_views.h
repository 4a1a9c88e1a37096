// How chats look from outside: the JSON of get_chat and list_chats (agent
// and customer flavors), of incoming_chat webhooks, and of the control API.
// Built from snapshots with the shared wire structs (wire::Chat et al.), so
// the simulator answers exactly what the adapter parses.
//
// Thread-safe: pure functions.
#pragma once

#include "server/livechat/wire/json_reader.h"
#include "tools/livechat-sim/sim_records.h"

namespace hitl::sim {

// Agent get_chat: the chat with `thread` (all events, with visibility).
livechat::wire::Json AgentChatJson(const ChatSnapshot& snapshot, const ThreadRecord& thread);
// Customer get_chat: as above without agents-only events, visibility fields
// and is_followed.
livechat::wire::Json CustomerChatJson(const ChatSnapshot& snapshot, const ThreadRecord& thread);

// One entry of agent list_chats' chats_summary.
livechat::wire::Json AgentChatSummary(const ChatSnapshot& snapshot);
// One entry of customer list_chats' chats_summary.
livechat::wire::Json CustomerChatSummary(const ChatSnapshot& snapshot);

// incoming_chat webhook payload: {"chat": {... "thread": latest thread}}.
livechat::wire::Json IncomingChatPayload(const ChatSnapshot& snapshot);
// A user as webhooks and get_chat show it.
livechat::wire::Json UserJson(const UserProfile& user);
// The webhook envelope's additional_data for the chat.
livechat::wire::Json AdditionalData(const ChatRecord& chat);

// GET /sim/chats entry: {id, active, customer_id, agent_ids, group_ids}.
livechat::wire::Json ControlChatSummary(const ChatSnapshot& snapshot);
// GET /sim/chats/{id}: the whole chat, every thread and event.
livechat::wire::Json ControlChatDetail(const ChatSnapshot& snapshot);

}  // namespace hitl::sim

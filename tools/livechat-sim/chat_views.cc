#include "tools/livechat-sim/chat_views.h"

#include "server/common/rfc3339.h"
#include "server/livechat/wire/chat_api.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
using wire::Json;

enum class Audience { kAgent, kCustomer };

bool Visible(const wire::Event& event, Audience audience) {
  return audience == Audience::kAgent || event.visibility != wire::visibility::kAgents;
}

// Customer-side events carry no visibility field.
Json EventJson(const wire::Event& event, Audience audience) {
  Json out = wire::ToJson(event);
  if (audience == Audience::kCustomer) out.erase("visibility");
  return out;
}

wire::Chat ToWireChat(const ChatSnapshot& snapshot, const ThreadRecord* thread, Audience audience) {
  const ChatRecord& record = snapshot.chat;
  wire::Chat chat;
  chat.id = record.id;
  chat.group_ids = record.group_ids;
  for (const UserProfile& profile : snapshot.users) {
    chat.users.push_back({.id = profile.id,
                          .type = profile.type,
                          .name = profile.name,
                          .email = profile.email,
                          .present = true});
  }
  if (thread != nullptr) {
    wire::Thread out;
    out.id = thread->id;
    out.created_at = FormatRfc3339(thread->created_at);
    out.active = thread->active;
    out.user_ids = record.user_ids();
    out.group_ids = record.group_ids;
    out.queue = thread->queue;
    for (const wire::Event& event : thread->events) {
      if (Visible(event, audience)) out.events.push_back(event);
    }
    chat.thread = std::move(out);
  }
  return chat;
}

// wire::ToJson(Chat) plus what LiveChat adds around it.
Json ChatJson(const ChatSnapshot& snapshot, const ThreadRecord& thread, Audience audience) {
  Json out = wire::ToJson(ToWireChat(snapshot, &thread, audience));
  out["properties"] = snapshot.chat.properties;
  Json& thread_json = out["thread"];
  thread_json["properties"] = Json::object();
  if (audience == Audience::kCustomer) {
    for (Json& event : thread_json["events"]) event.erase("visibility");
  } else {
    out["is_followed"] = false;
  }
  const auto& threads = snapshot.chat.threads;
  for (size_t i = 0; i < threads.size(); ++i) {
    if (threads[i].id != thread.id) continue;
    if (i > 0) thread_json["previous_thread_id"] = threads[i - 1].id;
    if (i + 1 < threads.size()) thread_json["next_thread_id"] = threads[i + 1].id;
  }
  return out;
}

Json Access(const ChatRecord& chat) { return Json{{"group_ids", chat.group_ids}}; }

Json UsersJson(const ChatSnapshot& snapshot) {
  return wire::ToJson(ToWireChat(snapshot, nullptr, Audience::kAgent))["users"];
}

// {"message": {"thread_id", "thread_created_at", "event"}, ...} of the latest
// thread that has events.
Json LastEventPerType(const ChatRecord& chat, Audience audience) {
  Json out = Json::object();
  for (auto thread = chat.threads.rbegin(); thread != chat.threads.rend(); ++thread) {
    for (const wire::Event& event : thread->events) {
      if (!Visible(event, audience)) continue;
      out[event.type] = {{"thread_id", thread->id},
                         {"thread_created_at", FormatRfc3339(thread->created_at)},
                         {"event", EventJson(event, audience)}};
    }
    if (!out.empty()) break;
  }
  return out;
}

}  // namespace

Json AgentChatJson(const ChatSnapshot& snapshot, const ThreadRecord& thread) {
  return ChatJson(snapshot, thread, Audience::kAgent);
}

Json CustomerChatJson(const ChatSnapshot& snapshot, const ThreadRecord& thread) {
  return ChatJson(snapshot, thread, Audience::kCustomer);
}

Json AgentChatSummary(const ChatSnapshot& snapshot) {
  const ChatRecord& chat = snapshot.chat;
  const ThreadRecord& thread = chat.last_thread();
  Json last_thread = {{"id", thread.id},
                      {"created_at", FormatRfc3339(thread.created_at)},
                      {"user_ids", chat.user_ids()},
                      {"properties", Json::object()},
                      {"active", thread.active},
                      {"access", Access(chat)}};
  if (thread.queue) {
    last_thread["queue"] = {{"position", thread.queue->position},
                            {"wait_time", thread.queue->wait_time},
                            {"queued_at", thread.queue->queued_at}};
  }
  return Json{{"id", chat.id},
              {"last_event_per_type", LastEventPerType(chat, Audience::kAgent)},
              {"users", UsersJson(snapshot)},
              {"last_thread_summary", last_thread},
              {"properties", chat.properties},
              {"access", Access(chat)},
              {"is_followed", false}};
}

Json CustomerChatSummary(const ChatSnapshot& snapshot) {
  const ChatRecord& chat = snapshot.chat;
  return Json{{"id", chat.id},
              {"last_thread_id", chat.last_thread().id},
              {"last_thread_created_at", FormatRfc3339(chat.last_thread().created_at)},
              {"last_event_per_type", LastEventPerType(chat, Audience::kCustomer)},
              {"users", UsersJson(snapshot)},
              {"access", Access(chat)},
              {"properties", chat.properties},
              {"active", chat.active()}};
}

Json IncomingChatPayload(const ChatSnapshot& snapshot) {
  Json chat = ChatJson(snapshot, snapshot.chat.last_thread(), Audience::kAgent);
  chat.erase("is_followed");
  return Json{{"chat", chat}};
}

Json UserJson(const UserProfile& user) {
  Json out = {{"id", user.id}, {"type", user.type}, {"present", true}};
  if (!user.name.empty()) out["name"] = user.name;
  if (!user.email.empty()) out["email"] = user.email;
  return out;
}

Json AdditionalData(const ChatRecord& chat) {
  return Json{{"chat_properties", chat.properties}, {"chat_presence_user_ids", chat.user_ids()}};
}

Json ControlChatSummary(const ChatSnapshot& snapshot) {
  const ChatRecord& chat = snapshot.chat;
  Json customer_id = nullptr;
  for (const ChatMember& user : chat.users) {
    if (user.type == wire::user_type::kCustomer) customer_id = user.id;
  }
  return Json{{"id", chat.id},
              {"active", chat.active()},
              {"customer_id", customer_id},
              {"agent_ids", chat.assigned_agent_ids},
              {"group_ids", chat.group_ids}};
}

Json ControlChatDetail(const ChatSnapshot& snapshot) {
  const ChatRecord& chat = snapshot.chat;
  Json users = Json::array();
  for (size_t i = 0; i < snapshot.users.size(); ++i) {
    const UserProfile& user = snapshot.users[i];
    Json fields = Json::array();
    for (const auto& [key, value] : user.session_fields) fields.push_back({{key, value}});
    users.push_back({{"id", user.id},
                     {"type", user.type},
                     {"name", user.name},
                     {"email", user.email},
                     {"visibility", chat.users[i].visibility},
                     {"session_fields", fields}});
  }
  Json threads = Json::array();
  for (const ThreadRecord& thread : chat.threads) {
    Json events = Json::array();
    for (const wire::Event& event : thread.events) events.push_back(wire::ToJson(event));
    Json item = {{"id", thread.id},
                 {"active", thread.active},
                 {"created_at", FormatRfc3339(thread.created_at)},
                 {"events", events}};
    if (thread.queue) {
      item["queue"] = {{"position", thread.queue->position},
                       {"wait_time", thread.queue->wait_time},
                       {"queued_at", thread.queue->queued_at}};
    }
    threads.push_back(item);
  }
  return Json{{"id", chat.id},          {"active", chat.active()},
              {"access", Access(chat)}, {"properties", chat.properties},
              {"users", users},         {"agent_ids", chat.assigned_agent_ids},
              {"threads", threads}};
}

}  // namespace hitl::sim

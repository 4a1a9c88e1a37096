#include "server/livechat/wire/chat_api.h"

#include "absl/strings/str_cat.h"

namespace hitl::livechat::wire {
namespace {

Json GroupAccess(const std::vector<int64_t>& group_ids) {
  return Json{{"group_ids", group_ids}};
}

std::vector<int64_t> ReadGroupAccess(FieldReader& fields) {
  const Json* access = fields.Object("access", false);
  if (access == nullptr) return {};
  FieldReader access_fields(*access, fields.PathOf("access"));
  auto ids = access_fields.IntArray("group_ids", false);
  fields.Merge(access_fields.status());
  return ids;
}

std::vector<Event> ReadEvents(FieldReader& fields, const Json* array,
                              absl::string_view key, EventSource source) {
  std::vector<Event> events;
  if (array == nullptr) return events;
  for (size_t i = 0; i < array->size(); ++i) {
    auto event = ParseEvent((*array)[i],
                            absl::StrCat(fields.PathOf(key), "[", i, "]"), source);
    if (!event.ok()) {
      fields.Merge(event.status());
      return {};
    }
    events.push_back(*std::move(event));
  }
  return events;
}

Json SessionFieldsJson(
    const std::vector<std::pair<std::string, std::string>>& session_fields) {
  Json out = Json::array();
  for (const auto& [key, value] : session_fields) out.push_back(Json{{key, value}});
  return out;
}

std::vector<std::pair<std::string, std::string>> ReadSessionFields(
    FieldReader& fields) {
  std::vector<std::pair<std::string, std::string>> out;
  const Json* array = fields.Array("session_fields", false);
  if (array == nullptr) return out;
  for (const Json& item : *array) {
    if (!item.is_object() || item.size() != 1 || !item.begin().value().is_string()) {
      fields.Fail("session_fields",
                  "expected objects with one string value each");
      return {};
    }
    out.emplace_back(item.begin().key(), item.begin().value().get<std::string>());
  }
  return out;
}

Json ThreadJson(const Thread& thread) {
  Json events = Json::array();
  for (const Event& event : thread.events) events.push_back(ToJson(event));
  Json out = {{"id", thread.id},
              {"created_at", thread.created_at},
              {"active", thread.active},
              {"user_ids", thread.user_ids},
              {"events", events},
              {"access", GroupAccess(thread.group_ids)}};
  if (thread.queue) out["queue"] = ToJson(*thread.queue);
  return out;
}

Thread ReadThread(const Json& json, std::string path, FieldReader& parent) {
  FieldReader fields(json, std::move(path));
  Thread thread;
  thread.id = fields.RequiredString("id");
  thread.created_at = fields.OptionalString("created_at").value_or("");
  thread.active = fields.RequiredBool("active");
  thread.user_ids = fields.StringArray("user_ids", false);
  thread.events = ReadEvents(fields, fields.Array("events", false), "events",
                             EventSource::kPushed);
  thread.group_ids = ReadGroupAccess(fields);
  thread.queue = ReadQueue(fields);
  parent.Merge(fields.status());
  return thread;
}

}  // namespace

Json ToJson(const QueueInfo& queue) {
  return Json{{"position", queue.position},
              {"wait_time", queue.wait_time},
              {"queued_at", queue.queued_at}};
}

std::optional<QueueInfo> ReadQueue(FieldReader& fields) {
  const Json* queue = fields.Object("queue", false);
  if (queue == nullptr) return std::nullopt;
  FieldReader queue_fields(*queue, fields.PathOf("queue"));
  QueueInfo info;
  info.position = queue_fields.OptionalInt("position").value_or(0);
  info.wait_time = queue_fields.OptionalInt("wait_time").value_or(0);
  info.queued_at = queue_fields.OptionalString("queued_at").value_or(
      queue_fields.OptionalString("queued_at_us").value_or(""));
  fields.Merge(queue_fields.status());
  return info;
}

// ---- start_chat

Json ToJson(const StartChatRequest& request) {
  Json chat = Json::object();
  if (!request.group_ids.empty()) chat["access"] = GroupAccess(request.group_ids);
  if (!request.users.empty()) {
    Json users = Json::array();
    for (const auto& user : request.users) {
      users.push_back({{"id", user.id}, {"type", user.type}});
    }
    chat["users"] = users;
  }
  if (!request.properties.is_null()) chat["properties"] = request.properties;
  if (!request.events.empty()) {
    Json events = Json::array();
    for (const Event& event : request.events) events.push_back(ToJson(event));
    chat["thread"] = {{"events", events}};
  }
  Json out = Json::object();
  if (!chat.empty()) out["chat"] = chat;
  if (request.active) out["active"] = *request.active;
  if (request.continuous) out["continuous"] = *request.continuous;
  return out;
}

absl::StatusOr<StartChatRequest> ParseStartChatRequest(const Json& json) {
  FieldReader fields(json, "");
  StartChatRequest request;
  request.active = fields.OptionalBool("active");
  request.continuous = fields.OptionalBool("continuous");
  if (const Json* chat = fields.Object("chat", false)) {
    FieldReader chat_fields(*chat, "chat");
    request.group_ids = ReadGroupAccess(chat_fields);
    if (const Json* properties = chat_fields.Object("properties", false)) {
      request.properties = *properties;
    }
    if (const Json* users = chat_fields.Array("users", false)) {
      for (size_t i = 0; i < users->size(); ++i) {
        FieldReader user_fields((*users)[i], absl::StrCat("chat.users[", i, "]"));
        ChatUserRef ref;
        ref.id = user_fields.RequiredString("id");
        ref.type = user_fields.RequiredString("type");
        chat_fields.Merge(user_fields.status());
        request.users.push_back(std::move(ref));
      }
    }
    if (const Json* thread = chat_fields.Object("thread", false)) {
      FieldReader thread_fields(*thread, "chat.thread");
      request.events = ReadEvents(thread_fields, thread_fields.Array("events", false),
                                  "events", EventSource::kRequest);
      chat_fields.Merge(thread_fields.status());
    }
    fields.Merge(chat_fields.status());
  }
  if (!fields.ok()) return fields.status();
  return request;
}

Json ToJson(const StartChatResponse& response) {
  Json out = {{"chat_id", response.chat_id}, {"thread_id", response.thread_id}};
  if (!response.event_ids.empty()) out["event_ids"] = response.event_ids;
  return out;
}

absl::StatusOr<StartChatResponse> ParseStartChatResponse(const Json& json) {
  FieldReader fields(json, "");
  StartChatResponse response;
  response.chat_id = fields.RequiredString("chat_id");
  response.thread_id = fields.RequiredString("thread_id");
  response.event_ids = fields.StringArray("event_ids", false);
  if (!fields.ok()) return fields.status();
  return response;
}

// ---- send_event

Json ToJson(const SendEventRequest& request) {
  Json out = {{"chat_id", request.chat_id}, {"event", ToJson(request.event)}};
  if (request.attach_to_last_thread) {
    out["attach_to_last_thread"] = *request.attach_to_last_thread;
  }
  return out;
}

absl::StatusOr<SendEventRequest> ParseSendEventRequest(const Json& json) {
  FieldReader fields(json, "");
  SendEventRequest request;
  request.chat_id = fields.RequiredString("chat_id");
  request.attach_to_last_thread = fields.OptionalBool("attach_to_last_thread");
  if (const Json* event = fields.Object("event", true)) {
    auto parsed = ParseEvent(*event, "event", EventSource::kRequest);
    if (parsed.ok()) {
      request.event = *std::move(parsed);
    } else {
      fields.Merge(parsed.status());
    }
  }
  if (!fields.ok()) return fields.status();
  return request;
}

Json ToJson(const SendEventResponse& response) {
  return Json{{"event_id", response.event_id}};
}

absl::StatusOr<SendEventResponse> ParseSendEventResponse(const Json& json) {
  FieldReader fields(json, "");
  SendEventResponse response;
  response.event_id = fields.RequiredString("event_id");
  if (!fields.ok()) return fields.status();
  return response;
}

// ---- deactivate_chat

Json ToJson(const DeactivateChatRequest& request) {
  Json out = {{"id", request.id}};
  if (request.ignore_requester_presence) {
    out["ignore_requester_presence"] = *request.ignore_requester_presence;
  }
  return out;
}

absl::StatusOr<DeactivateChatRequest> ParseDeactivateChatRequest(const Json& json) {
  FieldReader fields(json, "");
  DeactivateChatRequest request;
  request.id = fields.RequiredString("id");
  request.ignore_requester_presence = fields.OptionalBool("ignore_requester_presence");
  if (!fields.ok()) return fields.status();
  return request;
}

// ---- transfer_chat

Json ToJson(const TransferChatRequest& request) {
  Json out = {{"id", request.id}};
  if (request.target) {
    Json ids = request.target->type == user_type::kAgent
                   ? Json(request.target->agent_ids)
                   : Json(request.target->group_ids);
    out["target"] = {{"type", request.target->type}, {"ids", ids}};
  }
  if (request.ignore_agents_availability) {
    out["ignore_agents_availability"] = *request.ignore_agents_availability;
  }
  if (request.ignore_requester_presence) {
    out["ignore_requester_presence"] = *request.ignore_requester_presence;
  }
  return out;
}

absl::StatusOr<TransferChatRequest> ParseTransferChatRequest(const Json& json) {
  FieldReader fields(json, "");
  TransferChatRequest request;
  request.id = fields.RequiredString("id");
  request.ignore_agents_availability = fields.OptionalBool("ignore_agents_availability");
  request.ignore_requester_presence = fields.OptionalBool("ignore_requester_presence");
  if (const Json* target = fields.Object("target", false)) {
    FieldReader target_fields(*target, "target");
    TransferTarget parsed;
    parsed.type = target_fields.RequiredString("type");
    if (parsed.type == "group") {
      parsed.group_ids = target_fields.IntArray("ids", true);
    } else if (parsed.type == user_type::kAgent) {
      parsed.agent_ids = target_fields.StringArray("ids", true);
    } else if (target_fields.ok()) {
      target_fields.Fail("type", "expected \"group\" or \"agent\"");
    }
    fields.Merge(target_fields.status());
    request.target = std::move(parsed);
  }
  if (!fields.ok()) return fields.status();
  return request;
}

// ---- get_chat

Json ToJson(const GetChatRequest& request) {
  Json out = {{"chat_id", request.chat_id}};
  if (!request.thread_id.empty()) out["thread_id"] = request.thread_id;
  return out;
}

absl::StatusOr<GetChatRequest> ParseGetChatRequest(const Json& json) {
  FieldReader fields(json, "");
  GetChatRequest request;
  request.chat_id = fields.RequiredString("chat_id");
  request.thread_id = fields.OptionalString("thread_id").value_or("");
  if (!fields.ok()) return fields.status();
  return request;
}

Json ToJson(const Chat& chat) {
  Json users = Json::array();
  for (const ChatUser& user : chat.users) {
    Json item = {{"id", user.id}, {"type", user.type}};
    if (!user.name.empty()) item["name"] = user.name;
    if (!user.email.empty()) item["email"] = user.email;
    if (user.present) item["present"] = *user.present;
    users.push_back(item);
  }
  Json out = {{"id", chat.id}, {"users", users}, {"access", GroupAccess(chat.group_ids)}};
  if (chat.thread) out["thread"] = ThreadJson(*chat.thread);
  return out;
}

absl::StatusOr<Chat> ParseChat(const Json& json) {
  FieldReader fields(json, "");
  Chat chat;
  chat.id = fields.RequiredString("id");
  chat.group_ids = ReadGroupAccess(fields);
  if (const Json* users = fields.Array("users", false)) {
    for (size_t i = 0; i < users->size(); ++i) {
      FieldReader user_fields((*users)[i], absl::StrCat("users[", i, "]"));
      ChatUser user;
      user.id = user_fields.RequiredString("id");
      user.type = user_fields.RequiredString("type");
      user.name = user_fields.OptionalString("name").value_or("");
      user.email = user_fields.OptionalString("email").value_or("");
      user.present = user_fields.OptionalBool("present");
      fields.Merge(user_fields.status());
      chat.users.push_back(std::move(user));
    }
  }
  if (const Json* thread = fields.Object("thread", false)) {
    chat.thread = ReadThread(*thread, "thread", fields);
  }
  if (!fields.ok()) return fields.status();
  return chat;
}

// ---- update_customer / get_customer

Json ToJson(const UpdateCustomerRequest& request) {
  Json out = Json::object();
  if (request.name) out["name"] = *request.name;
  if (request.email) out["email"] = *request.email;
  if (!request.session_fields.empty()) {
    out["session_fields"] = SessionFieldsJson(request.session_fields);
  }
  return out;
}

absl::StatusOr<UpdateCustomerRequest> ParseUpdateCustomerRequest(const Json& json) {
  FieldReader fields(json, "");
  UpdateCustomerRequest request;
  request.name = fields.OptionalString("name");
  request.email = fields.OptionalString("email");
  request.session_fields = ReadSessionFields(fields);
  if (fields.ok() && !request.name && !request.email &&
      request.session_fields.empty() && !json.contains("avatar")) {
    fields.Fail("name", "at least one of name, email, avatar, session_fields is required");
  }
  if (!fields.ok()) return fields.status();
  return request;
}

Json ToJson(const Customer& customer) {
  Json out = {{"id", customer.id}, {"type", "customer"}};
  if (!customer.name.empty()) out["name"] = customer.name;
  if (!customer.email.empty()) out["email"] = customer.email;
  if (!customer.session_fields.empty()) {
    out["session_fields"] = SessionFieldsJson(customer.session_fields);
  }
  return out;
}

absl::StatusOr<Customer> ParseCustomer(const Json& json) {
  FieldReader fields(json, "");
  Customer customer;
  customer.id = fields.RequiredString("id");
  customer.name = fields.OptionalString("name").value_or("");
  customer.email = fields.OptionalString("email").value_or("");
  customer.session_fields = ReadSessionFields(fields);
  if (!fields.ok()) return fields.status();
  return customer;
}

// ---- list_groups

Json ToJson(const std::vector<Group>& groups) {
  Json out = Json::array();
  for (const Group& group : groups) {
    Json item = {{"id", group.id},
                 {"name", group.name},
                 {"language_code", group.language_code}};
    if (!group.agent_priorities.empty()) item["agent_priorities"] = group.agent_priorities;
    if (!group.routing_status.empty()) item["routing_status"] = group.routing_status;
    out.push_back(item);
  }
  return out;
}

absl::StatusOr<std::vector<Group>> ParseGroups(const Json& json) {
  if (!json.is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("body: expected an array of groups, got ", json.type_name()));
  }
  std::vector<Group> groups;
  for (size_t i = 0; i < json.size(); ++i) {
    FieldReader fields(json[i], absl::StrCat("[", i, "]"));
    Group group;
    group.id = fields.RequiredInt("id");
    group.name = fields.OptionalString("name").value_or("");
    group.language_code = fields.OptionalString("language_code").value_or("");
    group.routing_status = fields.OptionalString("routing_status").value_or("");
    if (const Json* priorities = fields.Object("agent_priorities", false)) {
      for (const auto& [agent, priority] : priorities->items()) {
        if (priority.is_string()) group.agent_priorities[agent] = priority.get<std::string>();
      }
    }
    if (!fields.ok()) return fields.status();
    groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace hitl::livechat::wire

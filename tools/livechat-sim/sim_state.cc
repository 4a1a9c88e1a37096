#include "tools/livechat-sim/sim_state.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/common/log.h"
#include "server/common/random_ids.h"
#include "server/common/rfc3339.h"
#include "server/common/secrets.h"
#include "server/livechat/wire/protocol.h"
#include "server/livechat/wire/webhooks.h"
#include "tools/livechat-sim/chat_views.h"
#include "tools/livechat-sim/event_rules.h"
#include "tools/livechat-sim/routing.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
namespace error_type = wire::error_type;
using wire::Json;

constexpr size_t kMaxExtraAgents = 4;          // start_chat: besides the requester
constexpr int64_t kQueueSecondsPerChat = 120;  // estimated wait per queued chat
constexpr size_t kTokenPruneThreshold = 10000;

constexpr absl::string_view kNoAgentMessage = "Cannot assign any agent from requested groups";

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool SharesGroup(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  for (int64_t id : a) {
    if (std::find(b.begin(), b.end(), id) != b.end()) return true;
  }
  return false;
}

// A chat_transferred payload for the chat's current thread; callers add the
// requester, targets and queue.
wire::ChatTransferredPayload TransferredPayload(const ChatRecord& chat, std::string reason) {
  wire::ChatTransferredPayload payload;
  payload.chat_id = chat.id;
  payload.thread_id = chat.last_thread().id;
  payload.reason = std::move(reason);
  return payload;
}

}  // namespace

SimState::SimState(StateOptions options, const std::vector<AgentConfig>& agents,
                   const std::vector<GroupConfig>& groups, Clock& clock, WebhookSink& webhooks)
    : options_(std::move(options)), clock_(clock), webhooks_(webhooks) {
  for (const AgentConfig& agent : agents) {
    agents_[agent.id] =
        AgentRecord{.id = agent.id, .name = agent.name, .accepting = agent.accepting};
  }
  for (const GroupConfig& group : groups) {
    groups_[group.id] = GroupRecord{.id = group.id,
                                    .name = group.name,
                                    .language_code = group.language_code,
                                    .agent_priorities = group.agent_priorities};
  }
}

// ---------------------------------------------------------------- helpers

std::string SimState::NewId() {
  // Ten upper-case alphanumerics, like LiveChat's chat and thread ids.
  for (;;) {
    std::string id = absl::AsciiStrToUpper(RandomHex(5));
    if (used_ids_.insert(id).second) return id;
  }
}

absl::StatusOr<ChatRecord*> SimState::FindChat(const std::string& chat_id) {
  auto it = chats_.find(chat_id);
  if (it == chats_.end()) return NotFoundError(absl::StrCat("Chat '", chat_id, "' not found"));
  return &it->second;
}

absl::StatusOr<ChatRecord*> SimState::FindActiveChat(const std::string& chat_id) {
  auto chat = FindChat(chat_id);
  if (!chat.ok()) return chat.status();
  if (!(*chat)->active()) return ChatInactiveError();
  return chat;
}

absl::Status SimState::CheckRequesterPresent(const ChatRecord& chat, bool ignore) const {
  if (ignore || chat.FindUser(options_.requester_agent) != nullptr) return absl::OkStatus();
  return ValidationError(
      "Requester is not a user of this chat (set ignore_requester_presence to act anyway)");
}

UserProfile SimState::ProfileOf(const ChatMember& member) const {
  UserProfile profile;
  profile.id = member.id;
  profile.type = member.type;
  if (member.type == wire::user_type::kAgent) {
    auto agent = agents_.find(member.id);
    profile.name = agent == agents_.end() ? member.id : agent->second.name;
    profile.email = member.id;
  } else if (auto customer = customers_.find(member.id); customer != customers_.end()) {
    profile.name = customer->second.name;
    profile.email = customer->second.email;
    profile.session_fields = customer->second.session_fields;
  }
  return profile;
}

ChatSnapshot SimState::SnapshotOf(const ChatRecord& chat) const {
  ChatSnapshot snapshot;
  snapshot.chat = chat;
  for (const ChatMember& member : chat.users) snapshot.users.push_back(ProfileOf(member));
  return snapshot;
}

std::map<std::string, int> SimState::ActiveChatsPerAgent() const {
  std::map<std::string, int> load;
  for (const auto& [id, chat] : chats_) {
    if (!chat.active()) continue;
    for (const std::string& agent_id : chat.assigned_agent_ids) ++load[agent_id];
  }
  return load;
}

void SimState::Publish(const ChatRecord& chat, std::string action, Json payload,
                       std::string event_id) {
  webhooks_.Publish(Webhook{.action = std::move(action),
                            .payload = std::move(payload),
                            .additional_data = AdditionalData(chat),
                            .chat_id = chat.id,
                            .event_id = std::move(event_id)});
}

std::string SimState::AppendEvent(ChatRecord& chat, ThreadRecord& thread, wire::Event event,
                                  const std::string& author_id, bool publish) {
  event.id = absl::StrCat(thread.id, "_", thread.next_event_number++);
  event.created_at = FormatRfc3339(clock_.Now());
  if (event.type != wire::event_type::kSystemMessage) event.author_id = author_id;
  if (event.visibility.empty()) event.visibility = std::string(wire::visibility::kAll);
  CompleteFileEvent(event);
  thread.events.push_back(event);
  if (publish) {
    wire::IncomingEventPayload payload{.chat_id = chat.id, .thread_id = thread.id, .event = event};
    Publish(chat, std::string(wire::webhook_action::kIncomingEvent), wire::ToJson(payload),
            event.id);
  }
  return event.id;
}

void SimState::AssignAgents(ChatRecord& chat, const std::vector<std::string>& agent_ids) {
  std::vector<ChatMember> users;
  for (const ChatMember& user : chat.users) {
    if (user.type != wire::user_type::kAgent) users.push_back(user);
  }
  for (const std::string& agent_id : agent_ids) {
    users.push_back({.id = agent_id, .type = std::string(wire::user_type::kAgent)});
    auto agent = agents_.find(agent_id);
    if (agent != agents_.end()) agent->second.last_assigned = ++assignments_;
  }
  chat.users = std::move(users);
  chat.assigned_agent_ids = agent_ids;
  chat.last_thread().queue.reset();
}

wire::QueueInfo SimState::Enqueue(ChatRecord& chat) {
  AssignAgents(chat, {});
  int64_t position = 1;
  for (const auto& [id, other] : chats_) {
    if (id != chat.id && other.active() && other.last_thread().queue &&
        SharesGroup(other.group_ids, chat.group_ids)) {
      ++position;
    }
  }
  wire::QueueInfo queue{.position = position,
                        .wait_time = position * kQueueSecondsPerChat,
                        .queued_at = FormatRfc3339(clock_.Now())};
  chat.last_thread().queue = queue;
  return queue;
}

void SimState::Deactivate(ChatRecord& chat, const std::string& user_id) {
  ThreadRecord& thread = chat.last_thread();
  thread.active = false;
  thread.queue.reset();
  wire::ChatDeactivatedPayload payload{
      .chat_id = chat.id, .thread_id = thread.id, .user_id = user_id};
  Publish(chat, std::string(wire::webhook_action::kChatDeactivated), wire::ToJson(payload));
}

void SimState::PruneExpiredTokens() {
  if (tokens_.size() < kTokenPruneThreshold) return;
  const absl::Time now = clock_.Now();
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = it->second.expires_at <= now ? tokens_.erase(it) : std::next(it);
  }
}

// -------------------------------------------------------------- directory

std::vector<wire::Group> SimState::ListGroups() const {
  absl::MutexLock lock(&mu_);
  std::vector<wire::Group> out;
  for (const auto& [id, group] : groups_) {
    bool accepting = false;
    for (const auto& [agent_id, priority] : group.agent_priorities) {
      auto agent = agents_.find(agent_id);
      if (agent != agents_.end() && agent->second.accepting && priority != "supervisor") {
        accepting = true;
      }
    }
    out.push_back(
        wire::Group{.id = id,
                    .name = group.name,
                    .language_code = group.language_code,
                    .agent_priorities = group.agent_priorities,
                    .routing_status = accepting ? "accepting_chats" : "not_accepting_chats"});
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> SimState::SetAgentAccepting(const std::string& agent_id,
                                                                     bool accepting) {
  absl::MutexLock lock(&mu_);
  auto agent = agents_.find(agent_id);
  if (agent == agents_.end()) {
    return NotFoundError(absl::StrCat("Agent '", agent_id, "' not found"));
  }
  agent->second.accepting = accepting;
  std::vector<std::string> assigned;
  if (!accepting) return assigned;
  // Queued chats, longest waiting first.
  std::vector<ChatRecord*> queued;
  for (const std::string& id : chat_order_) {
    ChatRecord& chat = chats_.at(id);
    if (chat.active() && chat.last_thread().queue) queued.push_back(&chat);
  }
  std::stable_sort(queued.begin(), queued.end(), [](ChatRecord* a, ChatRecord* b) {
    return a->last_thread().queue->queued_at < b->last_thread().queue->queued_at;
  });
  std::map<std::string, int> load = ActiveChatsPerAgent();
  for (ChatRecord* chat : queued) {
    auto picked = PickAgent(chat->group_ids, groups_, agents_, load);
    if (!picked) continue;
    // Keep `load` as ActiveChatsPerAgent() would now count it: the chat
    // (active) leaves its former agents, if any, for the picked one.
    for (const std::string& former : chat->assigned_agent_ids) --load[former];
    ++load[*picked];
    AssignAgents(*chat, {*picked});
    // Routing, not a requester, moved the chat.
    wire::ChatTransferredPayload payload = TransferredPayload(*chat, "assigned");
    payload.group_ids = chat->group_ids;
    payload.agent_ids = {*picked};
    Publish(*chat, std::string(wire::webhook_action::kChatTransferred), wire::ToJson(payload));
    assigned.push_back(chat->id);
  }
  return assigned;
}

// -------------------------------------------------------------- customers

IssuedToken SimState::IssueCustomerToken(const wire::CustomerCookies& presented) {
  absl::MutexLock lock(&mu_);
  PruneExpiredTokens();
  const CustomerRecord* customer = nullptr;
  if (presented.complete()) {
    auto it = customers_.find(presented.customer_id);
    if (it != customers_.end() && ConstantTimeEquals(it->second.cookie_secret, presented.secret)) {
      customer = &it->second;
    }
  }
  if (customer == nullptr) {
    CustomerRecord fresh;
    fresh.id = RandomUuid();
    fresh.cookie_secret = RandomHex(36);
    fresh.created_at = clock_.Now();
    customer = &(customers_[fresh.id] = std::move(fresh));
  }
  IssuedToken token{.access_token = absl::StrCat("dal:", RandomHex(24)),
                    .customer_id = customer->id,
                    .cookie_secret = customer->cookie_secret,
                    .expires_in = options_.token_ttl};
  tokens_[token.access_token] = TokenRecord{customer->id, clock_.Now() + options_.token_ttl};
  return token;
}

absl::StatusOr<std::string> SimState::AuthenticateCustomer(absl::string_view access_token) {
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(std::string(access_token));
  if (it == tokens_.end() || it->second.expires_at <= clock_.Now()) {
    return LiveChatError(error_type::kAuthentication, "Invalid access token");
  }
  return it->second.customer_id;
}

absl::StatusOr<int> SimState::ExpireCustomerTokens(const std::string& customer_id) {
  absl::MutexLock lock(&mu_);
  if (!customers_.count(customer_id)) {
    return NotFoundError(absl::StrCat("Customer '", customer_id, "' not found"));
  }
  const absl::Time now = clock_.Now();
  int expired = 0;
  for (auto& [token, record] : tokens_) {
    if (record.customer_id == customer_id && record.expires_at > now) {
      record.expires_at = now;
      ++expired;
    }
  }
  return expired;
}

absl::Status SimState::UpdateCustomer(const std::string& customer_id,
                                      const wire::UpdateCustomerRequest& request) {
  absl::MutexLock lock(&mu_);
  auto it = customers_.find(customer_id);
  if (it == customers_.end()) return NotFoundError("Customer not found");
  CustomerRecord& customer = it->second;
  if (request.name) customer.name = *request.name;
  if (request.email) customer.email = *request.email;
  // New values replace old ones of the same key; new keys keep their order.
  for (const auto& [key, value] : request.session_fields) {
    auto same = std::find_if(customer.session_fields.begin(), customer.session_fields.end(),
                             [&key = key](const auto& field) { return field.first == key; });
    if (same != customer.session_fields.end()) {
      same->second = value;
    } else {
      customer.session_fields.emplace_back(key, value);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<wire::Customer> SimState::GetCustomer(const std::string& customer_id) const {
  absl::MutexLock lock(&mu_);
  auto it = customers_.find(customer_id);
  if (it == customers_.end()) return NotFoundError("Customer not found");
  return wire::Customer{.id = it->second.id,
                        .name = it->second.name,
                        .email = it->second.email,
                        .session_fields = it->second.session_fields};
}

// ------------------------------------------------------ chats: Agent API

absl::StatusOr<wire::StartChatResponse> SimState::StartChat(const wire::StartChatRequest& request) {
  absl::MutexLock lock(&mu_);
  std::vector<int64_t> group_ids = request.group_ids;
  if (group_ids.empty()) group_ids.push_back(0);
  for (int64_t group_id : group_ids) {
    if (!groups_.count(group_id)) {
      return ValidationError(
          absl::StrCat("chat.access.group_ids: group ", group_id, " does not exist"));
    }
  }
  std::vector<ChatMember> users = {
      {.id = options_.requester_agent, .type = std::string(wire::user_type::kAgent)}};
  std::vector<std::string> extra_agents;
  bool has_customer = false;
  for (size_t i = 0; i < request.users.size(); ++i) {
    const wire::ChatUserRef& ref = request.users[i];
    const std::string where = absl::StrCat("chat.users[", i, "]");
    if (ref.type == wire::user_type::kCustomer) {
      if (!customers_.count(ref.id)) {
        return ValidationError(absl::StrCat(where, ".id: customer '", ref.id, "' does not exist"));
      }
      if (has_customer) {
        return ValidationError(absl::StrCat(where, ": a chat has at most one customer"));
      }
      has_customer = true;
    } else if (ref.type == wire::user_type::kAgent) {
      if (!agents_.count(ref.id)) {
        return ValidationError(absl::StrCat(where, ".id: agent '", ref.id, "' does not exist"));
      }
      if (ref.id == options_.requester_agent || Contains(extra_agents, ref.id)) continue;
      if (extra_agents.size() == kMaxExtraAgents) {
        return ValidationError(
            absl::StrCat(where, ": at most ", kMaxExtraAgents, " agents besides the requester"));
      }
      extra_agents.push_back(ref.id);
    } else {
      return ValidationError(absl::StrCat(where, ".type: expected \"agent\" or \"customer\""));
    }
    users.push_back({.id = ref.id, .type = ref.type});
  }
  // Properties are namespaces of name/value pairs.
  if (request.properties.is_object()) {
    for (const auto& [ns, values] : request.properties.items()) {
      if (!values.is_object()) {
        return ValidationError(absl::StrCat("chat.properties.", ns, ": expected an object"));
      }
    }
  }
  for (size_t i = 0; i < request.events.size(); ++i) {
    const std::string where = absl::StrCat("chat.thread.events[", i, "]");
    const wire::Event& event = request.events[i];
    if (absl::Status s = CheckNewEvent(event, where); !s.ok()) return s;
    bool is_user = std::any_of(users.begin(), users.end(), [&event](const ChatMember& user) {
      return user.id == event.author_id;
    });
    if (!event.author_id.empty() && !is_user) {
      return ValidationError(absl::StrCat(where, ".author_id: '", event.author_id,
                                          "' is neither the requester nor in chat.users"));
    }
  }

  ChatRecord chat;
  chat.id = NewId();
  chat.created_at = clock_.Now();
  chat.group_ids = group_ids;
  chat.users = std::move(users);
  chat.assigned_agent_ids = extra_agents;
  if (request.properties.is_object()) chat.properties = request.properties;
  chat.properties["routing"]["continuous"] = request.continuous.value_or(false);
  chat.properties["routing"]["pinned"] = false;
  chat.properties["source"]["client_id"] = options_.client_id;
  ThreadRecord& thread = chat.threads.emplace_back();
  thread.id = NewId();
  thread.created_at = chat.created_at;
  thread.active = request.active.value_or(true);

  wire::StartChatResponse response;
  response.chat_id = chat.id;
  response.thread_id = thread.id;
  for (const wire::Event& initial : request.events) {
    wire::Event event = initial;
    // start_chat forces visibility "all" on its events.
    event.visibility = std::string(wire::visibility::kAll);
    const std::string author = event.author_id.empty() ? options_.requester_agent : event.author_id;
    // Initial events travel inside incoming_chat, not as incoming_event.
    response.event_ids.push_back(
        AppendEvent(chat, thread, std::move(event), author, /*publish=*/false));
  }
  const std::string chat_id = chat.id;
  chat_order_.push_back(chat_id);
  ChatRecord& stored = chats_[chat_id] = std::move(chat);
  Publish(stored, std::string(kIncomingChatAction), IncomingChatPayload(SnapshotOf(stored)));
  log::Info("start_chat chat={} thread={} groups={} events={}", stored.id, stored.last_thread().id,
            stored.group_ids.size(), response.event_ids.size());
  return response;
}

absl::Status SimState::TransferChat(const wire::TransferChatRequest& request) {
  absl::MutexLock lock(&mu_);
  auto found = FindActiveChat(request.id);
  if (!found.ok()) return found.status();
  ChatRecord& chat = **found;
  if (absl::Status s =
          CheckRequesterPresent(chat, request.ignore_requester_presence.value_or(false));
      !s.ok()) {
    return s;
  }
  const bool ignore_availability = request.ignore_agents_availability.value_or(false);
  wire::ChatTransferredPayload payload = TransferredPayload(chat, "manual");
  payload.requester_id = options_.requester_agent;
  const bool to_agents = request.target && request.target->type == wire::user_type::kAgent;
  if (to_agents) {
    const std::vector<std::string>& ids = request.target->agent_ids;
    if (ids.empty()) return ValidationError("target.ids: at least one agent is required");
    std::optional<std::string> picked;
    for (const std::string& id : ids) {
      auto agent = agents_.find(id);
      if (agent == agents_.end()) {
        return ValidationError(absl::StrCat("target.ids: agent '", id, "' does not exist"));
      }
      if (!picked && (agent->second.accepting || ignore_availability)) picked = id;
    }
    if (!picked) return ValidationError("Cannot assign any agent from requested agents");
    AssignAgents(chat, {*picked});
    payload.agent_ids = {*picked};
  } else {
    std::vector<int64_t> group_ids = request.target ? request.target->group_ids : chat.group_ids;
    if (group_ids.empty()) return ValidationError("target.ids: at least one group is required");
    for (int64_t id : group_ids) {
      if (!groups_.count(id)) {
        return ValidationError(absl::StrCat("target.ids: group ", id, " does not exist"));
      }
    }
    auto picked = PickAgent(group_ids, groups_, agents_, ActiveChatsPerAgent());
    if (!picked && !ignore_availability) return ValidationError(kNoAgentMessage);
    chat.group_ids = group_ids;
    payload.group_ids = group_ids;
    if (picked) {
      AssignAgents(chat, {*picked});
      payload.agent_ids = {*picked};
    } else {
      payload.queue = Enqueue(chat);
    }
  }
  Publish(chat, std::string(wire::webhook_action::kChatTransferred), wire::ToJson(payload));
  log::Info("transfer_chat chat={} agents={} queued={}", chat.id, payload.agent_ids.size(),
            payload.queue.has_value());
  return absl::OkStatus();
}

absl::Status SimState::AddUserToChat(const AddUserRequest& request) {
  absl::MutexLock lock(&mu_);
  auto found = FindActiveChat(request.chat_id);
  if (!found.ok()) return found.status();
  ChatRecord& chat = **found;
  if (absl::Status s = CheckRequesterPresent(chat, request.ignore_requester_presence); !s.ok()) {
    return s;
  }
  if (request.visibility != wire::visibility::kAll &&
      request.visibility != wire::visibility::kAgents) {
    return ValidationError("visibility: expected \"all\" or \"agents\"");
  }
  if (request.user_type == wire::user_type::kCustomer) {
    if (!customers_.count(request.user_id)) {
      return ValidationError(
          absl::StrCat("user_id: customer '", request.user_id, "' does not exist"));
    }
    if (request.visibility != wire::visibility::kAll) {
      return ValidationError("visibility: a customer must be added with \"all\"");
    }
    for (const ChatMember& user : chat.users) {
      if (user.type == wire::user_type::kCustomer && user.id != request.user_id) {
        return ValidationError("user_id: the chat already has a customer");
      }
    }
  } else if (request.user_type == wire::user_type::kAgent) {
    if (!agents_.count(request.user_id)) {
      return ValidationError(absl::StrCat("user_id: agent '", request.user_id, "' does not exist"));
    }
  } else {
    return ValidationError("user_type: expected \"agent\" or \"customer\"");
  }
  if (chat.FindUser(request.user_id) != nullptr) return absl::OkStatus();
  ChatMember member{
      .id = request.user_id, .type = request.user_type, .visibility = request.visibility};
  chat.users.push_back(member);
  Publish(chat, std::string(kUserAddedToChatAction),
          Json{{"chat_id", chat.id},
               {"thread_id", chat.last_thread().id},
               {"user", UserJson(ProfileOf(member))},
               {"user_type", member.type},
               {"reason", "manual"},
               {"requester_id", options_.requester_agent}});
  return absl::OkStatus();
}

absl::StatusOr<std::string> SimState::SendEvent(const Actor& author,
                                                const wire::SendEventRequest& request) {
  absl::MutexLock lock(&mu_);
  auto found = FindChat(request.chat_id);
  if (!found.ok()) return found.status();
  ChatRecord& chat = **found;
  const bool customer = author.type == wire::user_type::kCustomer;
  if (chat.FindUser(author.id) == nullptr) {
    if (customer) {
      return LiveChatError(error_type::kAuthorization, "Customer is not a user of this chat");
    }
    return ValidationError("Requester is not a user of this chat");
  }
  // attach_to_last_thread lets a message join an inactive chat's last thread.
  if (!chat.active() && !request.attach_to_last_thread.value_or(false)) return ChatInactiveError();
  wire::Event event = request.event;
  if (absl::Status s = CheckNewEvent(event, "event"); !s.ok()) return s;
  if (customer && event.type == wire::event_type::kSystemMessage) {
    return ValidationError("event.type: customers cannot send system messages");
  }
  // Customers cannot write agents-only events; their side has no visibility.
  if (customer) event.visibility = std::string(wire::visibility::kAll);
  return AppendEvent(chat, chat.last_thread(), std::move(event), author.id, /*publish=*/true);
}

absl::Status SimState::DeactivateChat(const Actor& actor, const std::string& chat_id,
                                      bool ignore_requester_presence) {
  absl::MutexLock lock(&mu_);
  auto found = FindChat(chat_id);
  if (!found.ok()) return found.status();
  ChatRecord& chat = **found;
  if (actor.type == wire::user_type::kCustomer) {
    if (chat.FindUser(actor.id) == nullptr) {
      return LiveChatError(error_type::kAuthorization, "Customer is not a user of this chat");
    }
  } else if (absl::Status s = CheckRequesterPresent(chat, ignore_requester_presence); !s.ok()) {
    return s;
  }
  if (!chat.active()) return ChatInactiveError();
  Deactivate(chat, actor.id);
  log::Info("deactivate_chat chat={} by={}", chat.id, actor.type);
  return absl::OkStatus();
}

absl::StatusOr<ChatSnapshot> SimState::GetChat(const std::string& chat_id) const {
  absl::MutexLock lock(&mu_);
  auto it = chats_.find(chat_id);
  if (it == chats_.end()) return NotFoundError(absl::StrCat("Chat '", chat_id, "' not found"));
  return SnapshotOf(it->second);
}

std::vector<ChatSnapshot> SimState::ListChats() const {
  absl::MutexLock lock(&mu_);
  std::vector<ChatSnapshot> out;
  for (const std::string& id : chat_order_) out.push_back(SnapshotOf(chats_.at(id)));
  return out;
}

std::vector<ChatSnapshot> SimState::ListCustomerChats(const std::string& customer_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<ChatSnapshot> out;
  for (const std::string& id : chat_order_) {
    const ChatRecord& chat = chats_.at(id);
    if (chat.FindUser(customer_id) != nullptr) out.push_back(SnapshotOf(chat));
  }
  return out;
}

// ---------------------------------------------------- chats: control API

absl::StatusOr<std::string> SimState::PostAsAgent(const std::string& chat_id,
                                                  const std::string& agent_id, wire::Event event,
                                                  bool assigned_only) {
  absl::MutexLock lock(&mu_);
  auto found = FindActiveChat(chat_id);
  if (!found.ok()) return found.status();
  ChatRecord& chat = **found;
  std::string author = agent_id;
  if (author.empty() && !chat.assigned_agent_ids.empty()) author = chat.assigned_agent_ids.front();
  if (author.empty() && !assigned_only && !chat.group_ids.empty()) {
    auto group = groups_.find(chat.group_ids.front());
    if (group != groups_.end() && !group->second.agent_priorities.empty()) {
      author = group->second.agent_priorities.begin()->first;
    }
  }
  if (author.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("chat '", chat_id, "' has no assigned agent; name one with agent_id"));
  }
  if (!agents_.count(author)) return NotFoundError(absl::StrCat("Agent '", author, "' not found"));
  if (absl::Status s = CheckNewEvent(event, "event"); !s.ok()) return s;
  if (chat.FindUser(author) == nullptr) {
    chat.users.push_back({.id = author, .type = std::string(wire::user_type::kAgent)});
  }
  return AppendEvent(chat, chat.last_thread(), std::move(event), author, /*publish=*/true);
}

absl::Status SimState::ForceTransfer(const std::string& chat_id, const ForcedTransfer& transfer) {
  absl::MutexLock lock(&mu_);
  auto found = FindActiveChat(chat_id);
  if (!found.ok()) return found.status();
  ChatRecord& chat = **found;
  if (transfer.agent_ids.empty() && transfer.group_ids.empty()) {
    return absl::InvalidArgumentError("give agent_ids, group_ids or both");
  }
  for (const std::string& id : transfer.agent_ids) {
    if (!agents_.count(id)) {
      return absl::InvalidArgumentError(absl::StrCat("agent_ids: unknown agent '", id, "'"));
    }
  }
  for (int64_t id : transfer.group_ids) {
    if (!groups_.count(id)) {
      return absl::InvalidArgumentError(absl::StrCat("group_ids: unknown group ", id));
    }
  }
  if (!transfer.group_ids.empty()) chat.group_ids = transfer.group_ids;
  if (!transfer.agent_ids.empty()) {
    AssignAgents(chat, transfer.agent_ids);
  } else if (transfer.queue) {
    AssignAgents(chat, {});
  }
  // LiveChat's own transfer: no requester_id; transferred_to as given.
  wire::ChatTransferredPayload payload = TransferredPayload(chat, transfer.reason);
  payload.group_ids = transfer.group_ids;
  payload.agent_ids = transfer.agent_ids;
  if (transfer.queue) {
    wire::QueueInfo queue = *transfer.queue;
    queue.queued_at = FormatRfc3339(clock_.Now());
    chat.last_thread().queue = queue;
    payload.queue = queue;
  }
  Publish(chat, std::string(wire::webhook_action::kChatTransferred), wire::ToJson(payload));
  return absl::OkStatus();
}

absl::Status SimState::CloseChat(const std::string& chat_id, const std::string& agent_id) {
  absl::MutexLock lock(&mu_);
  auto found = FindActiveChat(chat_id);
  if (!found.ok()) return found.status();
  if (!agent_id.empty() && !agents_.count(agent_id)) {
    return absl::InvalidArgumentError(absl::StrCat("agent_id: unknown agent '", agent_id, "'"));
  }
  Deactivate(**found, agent_id);
  return absl::OkStatus();
}

}  // namespace hitl::sim

#include "tools/livechat-sim/customer_api.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/livechat/wire/chat_api.h"
#include "server/livechat/wire/protocol.h"
#include "tools/livechat-sim/chat_views.h"
#include "tools/livechat-sim/list_params.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
namespace action = wire::action;
using wire::Json;

constexpr int64_t kMaxListLimit = 25;

Actor AsCustomer(const std::string& customer_id) {
  return Actor{.id = customer_id, .type = std::string(wire::user_type::kCustomer)};
}

absl::StatusOr<Json> SendEvent(SimContext& ctx, const std::string& customer_id, const Json& body) {
  auto request = wire::ParseSendEventRequest(body);
  if (!request.ok()) return request.status();
  auto event_id = ctx.state.SendEvent(AsCustomer(customer_id), *request);
  if (!event_id.ok()) return event_id.status();
  if (request->event.type == wire::event_type::kMessage) {
    ctx.auto_agent.OnCustomerMessage(request->chat_id, request->event.text);
  }
  return wire::ToJson(wire::SendEventResponse{.event_id = *event_id});
}

absl::StatusOr<Json> UpdateCustomer(SimContext& ctx, const std::string& customer_id,
                                    const Json& body) {
  auto request = wire::ParseUpdateCustomerRequest(body);
  if (!request.ok()) return request.status();
  if (absl::Status s = ctx.state.UpdateCustomer(customer_id, *request); !s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> GetCustomer(SimContext& ctx, const std::string& customer_id) {
  auto customer = ctx.state.GetCustomer(customer_id);
  if (!customer.ok()) return customer.status();
  return wire::ToJson(*customer);
}

absl::StatusOr<Json> ListChats(SimContext& ctx, const std::string& customer_id, const Json& body) {
  wire::FieldReader fields(body, "");
  auto params = ReadListParams(fields, kMaxListLimit);
  if (!params.ok()) return params.status();
  std::vector<ChatSnapshot> chats = ctx.state.ListCustomerChats(customer_id);
  if (params->descending) std::reverse(chats.begin(), chats.end());
  Json summaries = Json::array();
  for (const ChatSnapshot& chat : chats) {
    if (static_cast<int64_t>(summaries.size()) == params->limit) break;
    summaries.push_back(CustomerChatSummary(chat));
  }
  return Json{{"chats_summary", summaries}, {"total_chats", chats.size()}};
}

absl::StatusOr<Json> DeactivateChat(SimContext& ctx, const std::string& customer_id,
                                    const Json& body) {
  auto request = wire::ParseDeactivateChatRequest(body);
  if (!request.ok()) return request.status();
  absl::Status s = ctx.state.DeactivateChat(AsCustomer(customer_id), request->id,
                                            /*ignore_requester_presence=*/false);
  if (!s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> GetChat(SimContext& ctx, const std::string& customer_id, const Json& body) {
  auto request = wire::ParseGetChatRequest(body);
  if (!request.ok()) return request.status();
  auto snapshot = ctx.state.GetChat(request->chat_id);
  if (!snapshot.ok()) return snapshot.status();
  if (snapshot->chat.FindUser(customer_id) == nullptr) {
    return LiveChatError(wire::error_type::kAuthorization, "Customer is not a user of this chat");
  }
  const ThreadRecord* thread = snapshot->chat.FindThread(request->thread_id);
  if (thread == nullptr) {
    return NotFoundError(absl::StrCat("Thread '", request->thread_id, "' not found"));
  }
  return CustomerChatJson(*snapshot, *thread);
}

}  // namespace

absl::StatusOr<Json> HandleCustomerAction(SimContext& ctx, const std::string& customer_id,
                                          absl::string_view name, const Json& body) {
  if (name == action::kSendEvent) return SendEvent(ctx, customer_id, body);
  if (name == action::kUpdateCustomer) return UpdateCustomer(ctx, customer_id, body);
  if (name == action::kGetCustomer) return GetCustomer(ctx, customer_id);
  if (name == action::kListChats) return ListChats(ctx, customer_id, body);
  if (name == action::kDeactivateChat) return DeactivateChat(ctx, customer_id, body);
  if (name == action::kGetChat) return GetChat(ctx, customer_id, body);
  return NotFoundError(absl::StrCat("Unknown Customer Chat API action '", name, "'"));
}

}  // namespace hitl::sim

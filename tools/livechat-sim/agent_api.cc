#include "tools/livechat-sim/agent_api.h"

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

constexpr int64_t kMaxListLimit = 100;

Actor Requester(const SimContext& ctx) {
  return Actor{.id = ctx.options.requester_agent, .type = std::string(wire::user_type::kAgent)};
}

absl::StatusOr<Json> StartChat(SimContext& ctx, const Json& body) {
  auto request = wire::ParseStartChatRequest(body);
  if (!request.ok()) return request.status();
  auto response = ctx.state.StartChat(*request);
  if (!response.ok()) return response.status();
  return wire::ToJson(*response);
}

absl::StatusOr<Json> TransferChat(SimContext& ctx, const Json& body) {
  auto request = wire::ParseTransferChatRequest(body);
  if (!request.ok()) return request.status();
  if (absl::Status s = ctx.state.TransferChat(*request); !s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> DeactivateChat(SimContext& ctx, const Json& body) {
  auto request = wire::ParseDeactivateChatRequest(body);
  if (!request.ok()) return request.status();
  absl::Status s = ctx.state.DeactivateChat(Requester(ctx), request->id,
                                            request->ignore_requester_presence.value_or(false));
  if (!s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> SendEvent(SimContext& ctx, const Json& body) {
  auto request = wire::ParseSendEventRequest(body);
  if (!request.ok()) return request.status();
  auto event_id = ctx.state.SendEvent(Requester(ctx), *request);
  if (!event_id.ok()) return event_id.status();
  return wire::ToJson(wire::SendEventResponse{.event_id = *event_id});
}

absl::StatusOr<Json> AddUserToChat(SimContext& ctx, const Json& body) {
  // No wire struct: the gateway never sends this; extra fields are ignored.
  wire::FieldReader fields(body, "");
  AddUserRequest request;
  request.chat_id = fields.RequiredString("chat_id");
  request.user_id = fields.RequiredString("user_id");
  request.user_type = fields.RequiredString("user_type");
  request.visibility = fields.RequiredString("visibility");
  request.ignore_requester_presence =
      fields.OptionalBool("ignore_requester_presence").value_or(false);
  if (!fields.ok()) return fields.status();
  if (absl::Status s = ctx.state.AddUserToChat(request); !s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> GetChat(SimContext& ctx, const Json& body) {
  auto request = wire::ParseGetChatRequest(body);
  if (!request.ok()) return request.status();
  auto snapshot = ctx.state.GetChat(request->chat_id);
  if (!snapshot.ok()) return snapshot.status();
  const ThreadRecord* thread = snapshot->chat.FindThread(request->thread_id);
  if (thread == nullptr) {
    return NotFoundError(absl::StrCat("Thread '", request->thread_id, "' not found"));
  }
  return AgentChatJson(*snapshot, *thread);
}

absl::StatusOr<Json> ListChats(SimContext& ctx, const Json& body) {
  wire::FieldReader fields(body, "");
  bool include_active = true;
  std::vector<int64_t> group_ids;
  if (const Json* filters = fields.Object("filters", false)) {
    wire::FieldReader filter_fields(*filters, "filters");
    include_active = filter_fields.OptionalBool("include_active").value_or(true);
    group_ids = filter_fields.IntArray("group_ids", false);
    fields.Merge(filter_fields.status());
  }
  auto params = ReadListParams(fields, kMaxListLimit);
  if (!params.ok()) return params.status();

  std::vector<ChatSnapshot> chats = ctx.state.ListChats();
  if (params->descending) std::reverse(chats.begin(), chats.end());
  Json summaries = Json::array();
  int64_t found = 0;
  for (const ChatSnapshot& chat : chats) {
    if (!include_active && chat.chat.active()) continue;
    if (!group_ids.empty() &&
        std::none_of(chat.chat.group_ids.begin(), chat.chat.group_ids.end(), [&](int64_t id) {
          return std::find(group_ids.begin(), group_ids.end(), id) != group_ids.end();
        })) {
      continue;
    }
    ++found;
    if (static_cast<int64_t>(summaries.size()) < params->limit) {
      summaries.push_back(AgentChatSummary(chat));
    }
  }
  return Json{{"chats_summary", summaries}, {"found_chats", found}};
}

}  // namespace

absl::StatusOr<Json> HandleAgentAction(SimContext& ctx, absl::string_view name, const Json& body) {
  if (name == action::kStartChat) return StartChat(ctx, body);
  if (name == action::kTransferChat) return TransferChat(ctx, body);
  if (name == action::kDeactivateChat) return DeactivateChat(ctx, body);
  if (name == action::kSendEvent) return SendEvent(ctx, body);
  if (name == action::kAddUserToChat) return AddUserToChat(ctx, body);
  if (name == action::kGetChat) return GetChat(ctx, body);
  if (name == action::kListChats) return ListChats(ctx, body);
  return NotFoundError(absl::StrCat("Unknown Agent Chat API action '", name, "'"));
}

}  // namespace hitl::sim

#include "tools/livechat-sim/control_api.h"

#include <httplib.h>

#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/common/log.h"
#include "server/common/random_ids.h"
#include "server/livechat/wire/event.h"
#include "tools/livechat-sim/chat_views.h"
#include "tools/livechat-sim/http_util.h"
#include "tools/livechat-sim/sim_options.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
using wire::Json;

constexpr int64_t kMaxDuplicates = 1000;

// A control endpoint: the request's JSON body ({} when empty) and the path's
// captured id ("" if none). Answers 200 with the JSON, or an error.
using Handler = std::function<absl::StatusOr<Json>(const Json& body, const std::string& id)>;

httplib::Server::Handler Wrap(Handler handler) {
  return
      [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        auto body = ParseBody(request.body);
        if (!body.ok()) {
          WriteJson(400, Json{{"error", std::string(body.status().message())}}, response);
          return;
        }
        const std::string id = request.matches.size() > 1 ? request.matches[1].str() : "";
        absl::StatusOr<Json> result = handler(*body, id);
        if (result.ok()) {
          WriteJson(200, *result, response);
          return;
        }
        const int status = result.status().code() == absl::StatusCode::kNotFound ? 404 : 400;
        WriteJson(status, Json{{"error", std::string(result.status().message())}}, response);
      };
}

// Percent-encodes a file name for a URL path segment.
std::string PathEscape(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "%",
                      absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    }
  }
  return out;
}

// webhook_url is the first of webhook_urls, as it was when there was one.
Json ConfigJson(const RuntimeSettings& settings) {
  const std::vector<std::string>& urls = settings.webhook_urls;
  return Json{{"webhook_url", urls.empty() ? "" : urls.front()},
              {"webhook_urls", urls},
              {"auto_agent", settings.auto_agent},
              {"auto_agent_delay_ms", absl::ToInt64Milliseconds(settings.auto_agent_delay)}};
}

absl::StatusOr<Json> UpdateConfig(SimContext& ctx, const Json& body) {
  wire::FieldReader fields(body, "");
  auto url = fields.OptionalString("webhook_url");
  const bool has_urls = fields.Array("webhook_urls", false) != nullptr;
  std::vector<std::string> urls = fields.StringArray("webhook_urls", false);
  auto secret = fields.OptionalString("webhook_secret");
  auto auto_agent = fields.OptionalBool("auto_agent");
  auto delay_ms = fields.OptionalInt("auto_agent_delay_ms");
  if (!fields.ok()) return fields.status();
  if (url && has_urls) {
    return absl::InvalidArgumentError("webhook_url, webhook_urls: give one of them, not both");
  }
  // One URL is a list of one; "" is none.
  if (url && !url->empty()) urls = {*url};
  if (absl::Status s = ValidateWebhookUrls(urls, url ? "webhook_url" : "webhook_urls"); !s.ok()) {
    return s;
  }
  RuntimeSettings settings = ctx.runtime.Get();
  if (url || has_urls) settings.webhook_urls = std::move(urls);
  if (secret) {
    if (secret->empty()) return absl::InvalidArgumentError("webhook_secret: must not be empty");
    settings.webhook_secret = *secret;
  }
  if (auto_agent) settings.auto_agent = *auto_agent;
  if (delay_ms) {
    if (*delay_ms < 0) {
      return absl::InvalidArgumentError("auto_agent_delay_ms: must not be negative");
    }
    settings.auto_agent_delay = absl::Milliseconds(*delay_ms);
  }
  ctx.runtime.Set(settings);
  log::Info("config updated webhook_urls={} auto_agent={}", settings.webhook_urls.size(),
            settings.auto_agent);
  return ConfigJson(settings);
}

absl::StatusOr<Json> ListChats(SimContext& ctx) {
  Json chats = Json::array();
  for (const ChatSnapshot& chat : ctx.state.ListChats()) chats.push_back(ControlChatSummary(chat));
  return Json{{"chats", chats}};
}

absl::StatusOr<Json> GetChat(SimContext& ctx, const std::string& chat_id) {
  auto chat = ctx.state.GetChat(chat_id);
  if (!chat.ok()) return chat.status();
  return ControlChatDetail(*chat);
}

absl::StatusOr<Json> PostEvent(SimContext& ctx, const std::string& chat_id,
                               const std::string& agent_id, wire::Event event) {
  auto event_id = ctx.state.PostAsAgent(chat_id, agent_id, std::move(event),
                                        /*assigned_only=*/false);
  if (!event_id.ok()) return event_id.status();
  return Json{{"event_id", *event_id}};
}

// agent_message and internal_note: {"text", "agent_id"?, "custom_id"?}.
absl::StatusOr<Json> PostMessage(SimContext& ctx, const std::string& chat_id, const Json& body,
                                 absl::string_view visibility) {
  wire::FieldReader fields(body, "");
  wire::Event event;
  event.type = std::string(wire::event_type::kMessage);
  event.visibility = std::string(visibility);
  event.text = fields.RequiredString("text");
  event.custom_id = fields.OptionalString("custom_id").value_or("");
  std::string agent_id = fields.OptionalString("agent_id").value_or("");
  if (!fields.ok()) return fields.status();
  return PostEvent(ctx, chat_id, agent_id, std::move(event));
}

absl::StatusOr<Json> PostFile(SimContext& ctx, const std::string& chat_id, const Json& body) {
  wire::FieldReader fields(body, "");
  wire::Event event;
  event.type = std::string(wire::event_type::kFile);
  event.visibility = std::string(wire::visibility::kAll);
  event.name = fields.RequiredString("name");
  event.content_type = fields.RequiredString("content_type");
  event.url = fields.OptionalString("url").value_or("");
  event.size = fields.OptionalInt("size");
  event.width = fields.OptionalInt("width");
  event.height = fields.OptionalInt("height");
  event.alternative_text = fields.OptionalString("alternative_text").value_or("");
  std::string agent_id = fields.OptionalString("agent_id").value_or("");
  if (!fields.ok()) return fields.status();
  if (event.name.empty()) return absl::InvalidArgumentError("name: must not be empty");
  if (event.url.empty()) {
    event.url = absl::StrCat("https://cdn.livechat-files.com/api/file/lc/att/sim/", RandomHex(16),
                             "/", PathEscape(event.name));
  }
  if (absl::StartsWith(event.content_type, "image/")) {
    event.thumbnail_url = absl::StrCat(event.url, "?thumb=1");
    event.thumbnail2x_url = absl::StrCat(event.url, "?thumb=2");
  }
  return PostEvent(ctx, chat_id, agent_id, std::move(event));
}

absl::StatusOr<Json> Transfer(SimContext& ctx, const std::string& chat_id, const Json& body) {
  wire::FieldReader fields(body, "");
  ForcedTransfer transfer;
  transfer.agent_ids = fields.StringArray("agent_ids", false);
  transfer.group_ids = fields.IntArray("group_ids", false);
  transfer.reason = fields.OptionalString("reason").value_or("manual");
  if (const Json* queue = fields.Object("queue", false)) {
    wire::FieldReader queue_fields(*queue, "queue");
    wire::QueueInfo info;
    info.position = queue_fields.RequiredInt("position");
    info.wait_time = queue_fields.RequiredInt("wait_time");
    fields.Merge(queue_fields.status());
    transfer.queue = info;
  }
  if (!fields.ok()) return fields.status();
  if (transfer.reason.empty()) return absl::InvalidArgumentError("reason: must not be empty");
  if (absl::Status s = ctx.state.ForceTransfer(chat_id, transfer); !s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> Close(SimContext& ctx, const std::string& chat_id, const Json& body) {
  wire::FieldReader fields(body, "");
  std::string agent_id = fields.OptionalString("agent_id").value_or("");
  if (!fields.ok()) return fields.status();
  if (absl::Status s = ctx.state.CloseChat(chat_id, agent_id); !s.ok()) return s;
  return Json::object();
}

absl::StatusOr<Json> ArmFault(SimContext& ctx, const Json& body) {
  auto fault = ParseFault(body);
  if (!fault.ok()) return fault.status();
  ctx.faults.Add(*fault);
  log::Info("fault armed action={} count={}", fault->action, fault->count);
  return ToJson(*fault);
}

absl::StatusOr<Json> ListFaults(SimContext& ctx) {
  Json faults = Json::array();
  for (const Fault& fault : ctx.faults.Armed()) faults.push_back(ToJson(fault));
  return Json{{"faults", faults}};
}

absl::StatusOr<Json> DuplicateNext(SimContext& ctx, const Json& body) {
  wire::FieldReader fields(body, "");
  int64_t count = fields.OptionalInt("count").value_or(1);
  if (!fields.ok()) return fields.status();
  if (count < 1 || count > kMaxDuplicates) {
    return absl::InvalidArgumentError(absl::StrCat("count: expected 1 to ", kMaxDuplicates));
  }
  ctx.webhooks.DuplicateNext(static_cast<int>(count));
  return Json::object();
}

absl::StatusOr<Json> ListDeliveries(SimContext& ctx) {
  Json deliveries = Json::array();
  for (const DeliveryRecord& record : ctx.webhooks.Deliveries()) {
    Json item = {{"action", record.action},
                 {"chat_id", record.chat_id},
                 {"attempt", record.attempt},
                 {"status", record.status},
                 {"url", record.url}};
    if (!record.event_id.empty()) item["event_id"] = record.event_id;
    if (record.duplicate) item["duplicate"] = true;
    deliveries.push_back(item);
  }
  return Json{{"deliveries", deliveries}};
}

absl::StatusOr<Json> ListCalls(SimContext& ctx) {
  Json calls = Json::array();
  for (const CallRecord& record : ctx.calls.List()) {
    Json item = {{"api", record.api}, {"action", record.action}, {"status", record.status}};
    if (!record.error_type.empty()) item["error_type"] = record.error_type;
    calls.push_back(item);
  }
  return Json{{"calls", calls}};
}

absl::StatusOr<Json> ExpireTokens(SimContext& ctx, const std::string& customer_id) {
  auto expired = ctx.state.ExpireCustomerTokens(customer_id);
  if (!expired.ok()) return expired.status();
  return Json{{"expired_tokens", *expired}};
}

absl::StatusOr<Json> SetRouting(SimContext& ctx, const std::string& agent_id, const Json& body) {
  wire::FieldReader fields(body, "");
  bool accepting = fields.RequiredBool("accepting");
  if (!fields.ok()) return fields.status();
  auto assigned = ctx.state.SetAgentAccepting(agent_id, accepting);
  if (!assigned.ok()) return assigned.status();
  return Json{{"agent_id", agent_id}, {"accepting", accepting}, {"assigned_chat_ids", *assigned}};
}

}  // namespace

void RegisterControlApi(httplib::Server& server, SimContext& ctx) {
  auto health = Wrap([](const Json&, const std::string&) -> absl::StatusOr<Json> {
    return Json{{"status", "ok"}};
  });
  server.Get("/healthz", health);
  server.Get("/sim/health", health);

  server.Get("/sim/config", Wrap([&ctx](const Json&, const std::string&) -> absl::StatusOr<Json> {
               return ConfigJson(ctx.runtime.Get());
             }));
  server.Post("/sim/config", Wrap([&ctx](const Json& body, const std::string&) {
                return UpdateConfig(ctx, body);
              }));

  server.Get("/sim/chats",
             Wrap([&ctx](const Json&, const std::string&) { return ListChats(ctx); }));
  server.Get(R"(/sim/chats/([^/]+))",
             Wrap([&ctx](const Json&, const std::string& id) { return GetChat(ctx, id); }));
  server.Post(R"(/sim/chats/([^/]+)/agent_message)",
              Wrap([&ctx](const Json& body, const std::string& id) {
                return PostMessage(ctx, id, body, wire::visibility::kAll);
              }));
  server.Post(R"(/sim/chats/([^/]+)/internal_note)",
              Wrap([&ctx](const Json& body, const std::string& id) {
                return PostMessage(ctx, id, body, wire::visibility::kAgents);
              }));
  server.Post(
      R"(/sim/chats/([^/]+)/agent_file)",
      Wrap([&ctx](const Json& body, const std::string& id) { return PostFile(ctx, id, body); }));
  server.Post(
      R"(/sim/chats/([^/]+)/transfer)",
      Wrap([&ctx](const Json& body, const std::string& id) { return Transfer(ctx, id, body); }));
  server.Post(R"(/sim/chats/([^/]+)/close)", Wrap([&ctx](const Json& body, const std::string& id) {
                return Close(ctx, id, body);
              }));

  server.Post("/sim/faults",
              Wrap([&ctx](const Json& body, const std::string&) { return ArmFault(ctx, body); }));
  server.Get("/sim/faults",
             Wrap([&ctx](const Json&, const std::string&) { return ListFaults(ctx); }));
  server.Delete("/sim/faults",
                Wrap([&ctx](const Json&, const std::string&) -> absl::StatusOr<Json> {
                  ctx.faults.Clear();
                  return Json::object();
                }));

  server.Post("/sim/webhooks/duplicate_next", Wrap([&ctx](const Json& body, const std::string&) {
                return DuplicateNext(ctx, body);
              }));
  server.Get("/sim/webhooks",
             Wrap([&ctx](const Json&, const std::string&) { return ListDeliveries(ctx); }));
  server.Get("/sim/webhooks/unsettled",
             Wrap([&ctx](const Json&, const std::string&) -> absl::StatusOr<Json> {
               return Json{{"unsettled", ctx.webhooks.Unsettled()}};
             }));
  server.Delete("/sim/webhooks",
                Wrap([&ctx](const Json&, const std::string&) -> absl::StatusOr<Json> {
                  ctx.webhooks.ClearDeliveries();
                  return Json::object();
                }));

  server.Get("/sim/calls",
             Wrap([&ctx](const Json&, const std::string&) { return ListCalls(ctx); }));
  server.Delete("/sim/calls", Wrap([&ctx](const Json&, const std::string&) -> absl::StatusOr<Json> {
                  ctx.calls.Clear();
                  return Json::object();
                }));

  server.Post(R"(/sim/customers/([^/]+)/expire_token)",
              Wrap([&ctx](const Json&, const std::string& id) { return ExpireTokens(ctx, id); }));
  server.Post(
      R"(/sim/agents/([^/]+)/routing)",
      Wrap([&ctx](const Json& body, const std::string& id) { return SetRouting(ctx, id, body); }));
}

}  // namespace hitl::sim

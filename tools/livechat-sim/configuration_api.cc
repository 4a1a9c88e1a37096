#include "tools/livechat-sim/configuration_api.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/livechat/wire/chat_api.h"
#include "server/livechat/wire/protocol.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
using wire::Json;

absl::StatusOr<Json> ListGroups(SimContext& ctx, const Json& body) {
  wire::FieldReader fields(body, "");
  std::vector<std::string> wanted = fields.StringArray("fields", false);
  if (!fields.ok()) return fields.status();
  for (const std::string& field : wanted) {
    if (field != "agent_priorities" && field != "routing_status") {
      return ValidationError(
          absl::StrCat("fields: '", field, "' is not agent_priorities or routing_status"));
    }
  }
  auto wants = [&wanted](absl::string_view field) {
    return std::find(wanted.begin(), wanted.end(), field) != wanted.end();
  };
  std::vector<wire::Group> groups = ctx.state.ListGroups();
  for (wire::Group& group : groups) {
    if (!wants("agent_priorities")) group.agent_priorities.clear();
    if (!wants("routing_status")) group.routing_status.clear();
  }
  return wire::ToJson(groups);
}

}  // namespace

absl::StatusOr<Json> HandleConfigurationAction(SimContext& ctx, absl::string_view name,
                                               const Json& body) {
  if (name == wire::action::kListGroups) return ListGroups(ctx, body);
  return NotFoundError(absl::StrCat("Unknown Configuration API action '", name, "'"));
}

}  // namespace hitl::sim

#include "tools/livechat-sim/auto_agent.h"

#include "absl/strings/str_cat.h"
#include "server/common/log.h"
#include "tools/livechat-sim/event_rules.h"

namespace hitl::sim {
namespace {

constexpr size_t kQuotedBytes = 200;

}  // namespace

void AutoAgent::OnCustomerMessage(const std::string& chat_id, absl::string_view text) {
  RuntimeSettings settings = runtime_.Get();
  if (!settings.auto_agent) return;
  livechat::wire::Event reply;
  reply.type = "message";
  reply.text = absl::StrCat("Auto-reply: ", TruncateUtf8(text, kQuotedBytes));
  scheduler_.RunAfter(settings.auto_agent_delay, [this, chat_id, reply] {
    // Only the assigned agent answers; a chat closed or queued meanwhile
    // gets no reply.
    auto posted = state_.PostAsAgent(chat_id, "", reply, /*assigned_only=*/true);
    if (!posted.ok()) {
      log::Debug("auto-agent chat={} no reply: {}", chat_id, posted.status().message());
    }
  });
}

}  // namespace hitl::sim

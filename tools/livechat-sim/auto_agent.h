// Auto-agent mode: a stand-in human. After each customer message in a chat
// with an assigned agent, that agent answers "Auto-reply: <text>" (the first
// 200 bytes) once the configured delay has passed. Its own replies are
// agent messages and so never trigger it again.
//
// Thread-safe.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "tools/livechat-sim/runtime_config.h"
#include "tools/livechat-sim/scheduler.h"
#include "tools/livechat-sim/sim_state.h"

namespace hitl::sim {

class AutoAgent {
 public:
  AutoAgent(SimState& state, const RuntimeConfig& runtime, Scheduler& scheduler)
      : state_(state), runtime_(runtime), scheduler_(scheduler) {}

  // Call after a customer's message `text` was added to `chat_id`.
  void OnCustomerMessage(const std::string& chat_id, absl::string_view text);

 private:
  SimState& state_;
  const RuntimeConfig& runtime_;
  Scheduler& scheduler_;
};

}  // namespace hitl::sim

// The parts of a running simulator that its HTTP handlers use. Owned by
// Simulator; handlers hold references for the server's lifetime.
#pragma once

#include "tools/livechat-sim/auto_agent.h"
#include "tools/livechat-sim/call_log.h"
#include "tools/livechat-sim/faults.h"
#include "tools/livechat-sim/runtime_config.h"
#include "tools/livechat-sim/sim_options.h"
#include "tools/livechat-sim/sim_state.h"
#include "tools/livechat-sim/webhook_sender.h"

namespace hitl::sim {

struct SimContext {
  const SimulatorOptions& options;
  RuntimeConfig& runtime;
  SimState& state;
  WebhookSender& webhooks;
  FaultInjector& faults;
  CallLog& calls;
  AutoAgent& auto_agent;
};

}  // namespace hitl::sim

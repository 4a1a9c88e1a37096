// The simulator's own API under /sim/ (plus GET /healthz), for tests and
// demos: runtime configuration, chat inspection, agent actions (messages,
// files, internal notes, transfers, closing), fault injection, webhook
// duplication, delivery and call records, token expiry and agent routing.
// JSON in and out; errors are {"error": "<message>"} with 400 (bad request
// or state) or 404 (unknown chat, agent or customer). README.md lists every
// endpoint.
//
// Thread-safe.
#pragma once

#include "tools/livechat-sim/sim_context.h"

namespace httplib {
class Server;
}

namespace hitl::sim {

void RegisterControlApi(httplib::Server& server, SimContext& ctx);

}  // namespace hitl::sim

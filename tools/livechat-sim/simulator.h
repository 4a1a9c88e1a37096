// livechat-sim as a library: an HTTP server on loopback that answers
// LiveChat's Agent Chat, Customer Chat and Configuration APIs (v3.5), the
// accounts service's customer token endpoint, sends LiveChat's webhooks,
// and offers a control API under /sim/ (README.md). Tests embed it
// in-process; tools/livechat-sim/main.cc wraps it in a binary.
//
// Thread-safe. Start once; Stop (or the destructor) once.
#pragma once

#include <memory>

#include "absl/status/status.h"
#include "server/common/http_listen.h"
#include "tools/livechat-sim/sim_options.h"

namespace httplib {
class Server;
}

namespace hitl::sim {

class ApiRouter;
class AutoAgent;
class CallLog;
class FaultInjector;
class RuntimeConfig;
class Scheduler;
class SimState;
class WebhookSender;
struct SimContext;

class Simulator {
 public:
  explicit Simulator(SimulatorOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Validates the options, binds, and serves on threads of its own. Returns
  // once requests are being served (and the ports file, if any, written).
  // INVALID_ARGUMENT for bad options, UNAVAILABLE if the port is taken.
  absl::Status Start();
  // The bound port (after Start).
  int port() const { return port_; }
  // Stops serving, drops pending webhooks and scheduled work, joins.
  void Stop();

 private:
  absl::Status WritePortsFile() const;

  SimulatorOptions options_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<RuntimeConfig> runtime_;
  std::unique_ptr<WebhookSender> webhooks_;
  std::unique_ptr<SimState> state_;
  std::unique_ptr<FaultInjector> faults_;
  std::unique_ptr<CallLog> calls_;
  std::unique_ptr<AutoAgent> auto_agent_;
  std::unique_ptr<SimContext> context_;
  std::unique_ptr<ApiRouter> router_;
  std::unique_ptr<httplib::Server> server_;
  BackgroundHttpServer serving_;  // after server_: stops before it goes
  int port_ = 0;
};

}  // namespace hitl::sim

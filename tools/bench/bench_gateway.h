// Gateways in this process for the benchmark: started from a map of
// settings (as environment variables) on ports the OS picks, with a gRPC
// stub to each; sessions made through them with StartHitl; the simulator
// told where to send its webhooks.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "server/gateway.h"
#include "tools/bench/figures.h"
#include "tools/livechat-sim/sim_options.h"

namespace hitl::bench {

using Settings = std::map<std::string, std::string>;

// A gateway routing to the simulator on `sim_port`, gRPC and webhooks on
// 127.0.0.1:0, with `webhook_threads` listener threads and room for a
// subscriber to fall far behind. The caller adds the store's settings.
Settings GatewaySettings(const sim::SimulatorOptions& sim, int sim_port, int webhook_threads);

struct BenchGateway {
  std::unique_ptr<Gateway> gateway;
  std::unique_ptr<hitl::v1::HitlService::Stub> stub;

  int webhook_port() const { return gateway->webhook_port(); }
  std::string webhook_url() const;
};

absl::StatusOr<std::unique_ptr<BenchGateway>> StartGateway(const Settings& settings);

// StartHitl for users "<user_prefix>-<i>", i in [0, count), sent in turn to
// each of `gateways`; each call's latency goes to `latency` if given.
absl::StatusOr<std::vector<hitl::v1::Session>> StartSessions(
    const std::vector<BenchGateway*>& gateways, const std::string& user_prefix, int count,
    Samples* latency = nullptr);

// POST /sim/config {"webhook_urls": urls}.
absl::Status SendWebhooksTo(int sim_port, const std::vector<std::string>& urls);

}  // namespace hitl::bench

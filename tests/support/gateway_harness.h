// The gateway and livechat-sim, both in this process, talking over loopback
// sockets on ephemeral ports exactly as in production (HTTP to the
// simulator's LiveChat API, webhooks back to the gateway's listener, gRPC
// from the test as a bot). The store is a SQLite file or a redis-server of
// the harness's own, both outliving the gateway, so RestartGateway keeps
// what was journaled.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/grpcpp.h"
#include "hitl/v1/hitl.grpc.pb.h"
#include "server/config/config.h"
#include "server/gateway.h"
#include "tests/support/eventually.h"
#include "tests/support/faulty_store.h"
#include "tools/processes/redis_server.h"
#include "tests/support/sim_control.h"
#include "tests/support/store_kind.h"
#include "tests/support/test_files.h"
#include "tools/livechat-sim/simulator.h"

namespace hitl::testing {

// The simulator's defaults (sim_options.h) that tests assert on.
inline constexpr char kSimOrganization[] = "390e44e6-f1e6-4c8c-9d5b-74a14508c2e1";
inline constexpr char kSimRequester[] = "bot@example.com";
inline constexpr char kHarnessSecret[] = "harness-webhook-secret";
inline constexpr int64_t kSupportGroup = 7;

class GatewayHarness {
 public:
  struct Options {
    StoreKind store = StoreKind::kSqlite;
    // Overrides settings of the gateway (e.g. {"HITL_SUBSCRIBER_QUEUE", "5"}).
    std::map<std::string, std::string> env = {};
    // Wraps the gateway's store in a FaultyStore the test controls through
    // store_faults().
    bool faulty_store = false;
  };

  // With StoreKind::kRedis where redis-server is not installed, skips the
  // current test (GTEST_SKIP) and starts nothing.
  explicit GatewayHarness(Options options);
  // On SQLite.
  explicit GatewayHarness(std::map<std::string, std::string> env = {},
                          bool faulty_store = false);
  ~GatewayHarness();

  hitl::v1::HitlService::Stub& stub() { return *stub_; }
  SimControl& sim() { return *control_; }
  // 0 while no gateway runs (e.g. the test was skipped).
  int webhook_port() const { return gateway_ ? gateway_->webhook_port() : 0; }
  Gateway& gateway() { return *gateway_; }
  // The running gateway's store wrapper (only with `faulty_store`).
  FaultyStore& store_faults() { return *faults_; }

  // Stops the gateway gracefully and starts it again on the same store.
  void RestartGateway();
  void StopGateway();
  void StartGateway();

  // A started handoff for user `user_id` with a two-line transcript.
  hitl::v1::Session Start(const std::string& user_id = "user-1",
                          const std::string& request_id = "");
  absl::Status Send(const std::string& session_id, const std::string& text,
                    const std::string& request_id = "",
                    hitl::v1::SendMessageResponse* response = nullptr);

 private:
  // Starts the store's server (Redis), the simulator and the gateway.
  void StartAll();
  // The settings that point the gateway at its store.
  std::map<std::string, std::string> StoreSettings() const;

  const Options options_;
  FaultyStore* faults_ = nullptr;  // owned by the gateway
  sim::SimulatorOptions sim_options_;
  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;  // with StoreKind::kRedis
  std::unique_ptr<sim::Simulator> simulator_;
  std::unique_ptr<SimControl> control_;
  std::unique_ptr<Gateway> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<hitl::v1::HitlService::Stub> stub_;
};

// One SendMessage call on `stub` with a 20 s deadline.
grpc::Status CallSendMessage(hitl::v1::HitlService::Stub& stub, const std::string& session_id,
                             const std::string& text, const std::string& request_id,
                             hitl::v1::SendMessageResponse* response);

// Runs one SubscribeAgentEvents call on a thread of its own and collects
// what arrives, so a test can wait for events with a deadline.
class EventCollector {
 public:
  EventCollector(hitl::v1::HitlService::Stub& stub,
                 hitl::v1::SubscribeAgentEventsRequest request);
  ~EventCollector();

  // Waits until `count` events arrived or the stream ended, at most `timeout`;
  // returns all events so far.
  std::vector<hitl::v1::AgentEvent> WaitFor(size_t count,
                                            absl::Duration timeout = absl::Seconds(10));
  // Waits for the stream to end; its status (DEADLINE_EXCEEDED if it did not).
  grpc::Status WaitForEnd(absl::Duration timeout = absl::Seconds(10));
  std::vector<hitl::v1::AgentEvent> events();
  void Cancel();

 private:
  grpc::ClientContext context_;
  absl::Notification subscribed_;  // the gateway has the subscription
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<hitl::v1::AgentEvent> events_ ABSL_GUARDED_BY(mu_);
  std::optional<grpc::Status> status_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::testing

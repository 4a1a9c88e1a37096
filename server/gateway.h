// The whole gateway in one object: store, LiveChat adapter, event journal,
// gRPC server (with health checking and reflection) and webhook listener,
// started in dependency order and shut down in reverse:
//   health NOT_SERVING -> webhook listener stopped -> new calls refused and
//   open streams ended with UNAVAILABLE (clients resume by cursor) -> calls
//   in progress awaited, up to the grace -> gRPC closed -> workers drained ->
//   store closed.
// The grace is a bound: calls still running at its end are cut (their
// LiveChat exchanges fail at once, the bot gets UNAVAILABLE and retries by
// request_id).
#pragma once

#include <functional>
#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"
#include "server/config/config.h"
#include "server/store/store.h"

namespace hitl {

class Gateway {
 public:
  // Opens the store the configuration names (tests may wrap it).
  using StoreOpener = std::function<absl::StatusOr<std::unique_ptr<store::Store>>(
      const config::Config& config, Clock& clock)>;

  // Starts serving; on error nothing is left running.
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(const config::Config& config,
                                                        Clock& clock = RealClock::Instance(),
                                                        StoreOpener open_store = nullptr);
  ~Gateway();

  int grpc_port() const;
  int webhook_port() const;
  // OK when the store is usable and LiveChat has not rejected the configuration.
  absl::Status Ready();
  // Graceful stop (idempotent).
  void Shutdown();

 private:
  struct Parts;
  explicit Gateway(std::unique_ptr<Parts> parts);
  void Maintain();
  // Reconciliation, token renewal and retention, once.
  void RunDuties(const std::function<bool()>& stopping);

  std::unique_ptr<Parts> parts_;
  std::thread maintenance_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ = false;
};

}  // namespace hitl

// The store lease under which one replica at a time runs the cluster's
// singleton duties (reconciliation with LiveChat, journal retention,
// proactive customer-token renewal). A thread of its own acquires or renews
// it every ttl/3, so duties that take longer than the lease never let it
// lapse; when the holder dies, another replica acquires it within ttl +
// ttl/3 (under two lease periods). With SQLite the one process holds it.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/lease.h"

namespace hitl::handoff {

class DutyLease {
 public:
  DutyLease(store::Leases& leases, std::string owner, absl::Duration ttl);
  ~DutyLease();

  // Tries to acquire the lease now, then keeps renewing in the background.
  void Start();
  // True while this replica holds the lease: its last renewal succeeded
  // (store calls are bounded by the store's timeouts, well under the ttl).
  bool held() const { return held_.load(); }
  // Stops renewing and releases the lease, so another replica takes over
  // at once (shutdown). Idempotent.
  void Stop();

  static constexpr char kName[] = "duties";

 private:
  void Run();
  void Renew();

  store::Leases& leases_;
  const std::string owner_;
  const absl::Duration ttl_;
  std::atomic<bool> held_{false};
  // Renew's alone (Start, then the thread): warn once per outage, not per try.
  bool store_failing_ = false;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace hitl::handoff

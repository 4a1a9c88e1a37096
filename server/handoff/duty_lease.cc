#include "server/handoff/duty_lease.h"

#include <utility>

#include "server/common/log.h"

namespace hitl::handoff {

DutyLease::DutyLease(store::Leases& leases, std::string owner, absl::Duration ttl)
    : leases_(leases), owner_(std::move(owner)), ttl_(ttl) {}

DutyLease::~DutyLease() { Stop(); }

void DutyLease::Start() {
  Renew();  // at once, so a lone replica's duties run at start-up
  thread_ = std::thread([this] { Run(); });
}

void DutyLease::Renew() {
  auto acquired = leases_.AcquireLease(kName, owner_, ttl_);
  const bool now = acquired.ok() && *acquired;
  const bool before = held_.exchange(now);
  if (!acquired.ok()) {
    // Without the store nobody can prove they hold it: stop the duties here
    // rather than risk two replicas running them.
    if (!store_failing_) {
      log::Warn("duty lease: cannot renew ({}); duties paused until the store answers",
                acquired.status().message());
    }
    store_failing_ = true;
    return;
  }
  if (store_failing_) log::Info("duty lease: the store answers again replica={}", owner_);
  store_failing_ = false;
  if (now && !before) {
    log::Info("duty lease acquired replica={}: this replica runs reconciliation, retention "
              "and token renewal", owner_);
  } else if (!now && before) {
    log::Warn("duty lease lost replica={}: another replica holds it", owner_);
  }
}

void DutyLease::Run() {
  const absl::Duration period = ttl_ / 3;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), period)) return;
    }
    Renew();
  }
}

void DutyLease::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  if (held_.exchange(false)) {
    if (absl::Status s = leases_.ReleaseLease(kName, owner_); !s.ok()) {
      log::Warn("duty lease: could not release ({}); it expires by itself", s.message());
    } else {
      log::Info("duty lease released replica={}", owner_);
    }
  }
}

}  // namespace hitl::handoff

// The settings the control API may change while the simulator runs (the
// simulator usually starts before the gateway whose webhook port it needs).
//
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hitl::sim {

struct RuntimeSettings {
  // Taken in turns, as a load balancer would (webhook_sender.h); empty: no
  // webhooks.
  std::vector<std::string> webhook_urls;
  std::string webhook_secret;  // secret
  bool auto_agent = false;
  absl::Duration auto_agent_delay;
};

class RuntimeConfig {
 public:
  explicit RuntimeConfig(RuntimeSettings initial) : settings_(std::move(initial)) {}

  RuntimeSettings Get() const {
    absl::MutexLock lock(&mu_);
    return settings_;
  }
  void Set(RuntimeSettings settings) {
    absl::MutexLock lock(&mu_);
    settings_ = std::move(settings);
  }

 private:
  mutable absl::Mutex mu_;
  RuntimeSettings settings_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::sim

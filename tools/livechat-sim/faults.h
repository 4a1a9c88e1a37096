// Faults the control API arms for the next calls of an action: an error
// answered instead of (mode "before") or after (mode "after": the call took
// effect but its answer is lost) processing the call, an optional
// Retry-After header, and/or a delay before the answer.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::sim {

enum class FaultMode { kBefore, kAfter };

struct Fault {
  std::string action;      // "send_event", "customer_token", ...
  std::string api;         // "agent" | "customer" | "configuration" | "accounts"; "" = any
  int count = 1;           // calls left to affect
  std::string error_type;  // "" = latency only
  std::string message;     // "" = the type's default message
  std::optional<int64_t> retry_after_seconds;
  FaultMode mode = FaultMode::kBefore;
  absl::Duration latency = absl::ZeroDuration();
};

// Reads a POST /sim/faults body; INVALID_ARGUMENT naming the field.
absl::StatusOr<Fault> ParseFault(const livechat::wire::Json& json);
livechat::wire::Json ToJson(const Fault& fault);

class FaultInjector {
 public:
  void Add(Fault fault);
  void Clear();
  // The first armed fault matching the call, counted as used; nullopt if none.
  std::optional<Fault> Take(absl::string_view api, absl::string_view action);
  std::vector<Fault> Armed() const;

 private:
  mutable absl::Mutex mu_;
  std::deque<Fault> faults_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::sim

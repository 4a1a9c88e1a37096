// Leases for the cluster's singleton duties (reconciliation, retention,
// token refresh): one holder at a time, which renews well within the
// lease's time to live; when it dies, another process acquires it once the
// lease has expired.
//
// Implementations are thread-safe.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hitl::store {

class Leases {
 public:
  virtual ~Leases() = default;

  // True if `owner` holds lease `name` for `ttl` from now: acquired when it
  // was free or expired, renewed when `owner` held it already. False while
  // another owner holds it.
  virtual absl::StatusOr<bool> AcquireLease(absl::string_view name, absl::string_view owner,
                                            absl::Duration ttl) = 0;
  // Frees the lease at once (shutdown) if `owner` holds it.
  virtual absl::Status ReleaseLease(absl::string_view name, absl::string_view owner) = 0;
};

}  // namespace hitl::store

// Durable state of the gateway, as one backend serves it: versioned
// sessions, the journal of agent events, idempotency records and leases.
// Code outside this folder uses only these interfaces, never a backend's
// type (the gateway's wiring picks one with OpenStore), so a replica works
// the same on SQLite (one process) as on Redis (any number of them).
//
// Errors: UNAVAILABLE (reason STORE_FAILURE) while the backend cannot be
// reached or is closed, naming the store; ABORTED (STORE_CONFLICT) for a
// compare-and-set that lost; NOT_FOUND (SESSION_NOT_FOUND) for a session
// that does not exist. A write that fails UNAVAILABLE (a timeout, a lost
// connection) may still have happened; every write is safe to retry (the
// compare-and-set, the delivery keys and the idempotency owner see to it).
//
// Implementations are thread-safe.
#pragma once

#include "absl/status/status.h"
#include "server/store/idempotency.h"
#include "server/store/journal.h"
#include "server/store/lease.h"
#include "server/store/session_store.h"

namespace hitl::store {

class Store : public SessionStore, public Journal, public Idempotency, public Leases {
 public:
  ~Store() override = default;

  // OK when the store can serve requests (readiness).
  virtual absl::Status Ping() = 0;
  // Forgets idempotency records and leases that expired (backends whose
  // keys do not expire by themselves); runs with the journal's retention.
  virtual absl::Status ForgetExpired() = 0;
  // Flushes and closes; later calls fail with UNAVAILABLE.
  virtual void Close() = 0;
};

}  // namespace hitl::store

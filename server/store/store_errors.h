// The errors every store backend returns, built in one place so callers can
// rely on their codes and reasons whatever the backend.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hitl::store {

// UNAVAILABLE (reason STORE_FAILURE): the backend failed or cannot be
// reached; `store` names it (e.g. "SQLite store", "Redis store").
absl::Status StoreUnavailable(absl::string_view store, absl::string_view what);
// ABORTED (reason STORE_CONFLICT): a compare-and-set lost.
absl::Status StoreConflict(absl::string_view what);
bool IsStoreConflict(const absl::Status& status);
// NOT_FOUND (reason SESSION_NOT_FOUND).
absl::Status SessionNotFound(absl::string_view session_id);

}  // namespace hitl::store

// Optimistic read-modify-write on top of the store's compare-and-set: read
// the latest state, decide, write naming the version read, and start over
// whenever another writer (thread or replica) came first. So a narrow change
// (routed, stop requested, new customer token) never undoes a concurrent
// one, and a journal commit is always decided on the state it replaces.
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/journal.h"
#include "server/store/session_store.h"

namespace hitl::store {

// How often a write is re-tried after losing a compare-and-set.
inline constexpr int kMaxWriteAttempts = 32;

// Applies `change` to the stored session and writes it. `change` returns
// false to write nothing (e.g. the session ended meanwhile). Returns the
// session as stored afterwards. UNAVAILABLE (STORE_FAILURE) if the session
// kept changing under every attempt.
using SessionChange = std::function<bool(SessionRecord&)>;
absl::StatusOr<SessionRecord> UpdateSessionWith(SessionStore& sessions,
                                                absl::string_view session_id,
                                                const SessionChange& change);

// Builds a commit from the latest state (reading what it needs) and commits
// it; builds again when the commit's compare-and-set lost. `build` returns
// nullopt to write nothing (the result is then empty).
using BuildCommit = std::function<absl::StatusOr<std::optional<JournalCommit>>()>;
absl::StatusOr<CommitResult> CommitWith(Journal& journal, const BuildCommit& build);

// The narrow updates the use cases make. Each leaves every other field as
// the latest writer left it.
absl::StatusOr<SessionRecord> MarkRouted(SessionStore& sessions, absl::string_view session_id);
absl::StatusOr<SessionRecord> MarkStopRequested(SessionStore& sessions,
                                                absl::string_view session_id,
                                                absl::string_view reason);
// Undoes MarkStopRequested (the stop failed) unless the session ended.
absl::StatusOr<SessionRecord> ClearStopRequested(SessionStore& sessions,
                                                 absl::string_view session_id);
// An ended session keeps no secrets: a late renewal must not restore them.
absl::StatusOr<SessionRecord> UpdateCustomerSecrets(SessionStore& sessions,
                                                    absl::string_view session_id,
                                                    const CustomerSecrets& secrets);

}  // namespace hitl::store

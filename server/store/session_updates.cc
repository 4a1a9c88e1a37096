#include "server/store/session_updates.h"

#include "absl/strings/str_cat.h"
#include "server/store/store_errors.h"

namespace hitl::store {
namespace {

absl::Status KeptChanging(absl::string_view what) {
  return StoreUnavailable("session store", absl::StrCat(what, " kept changing under ",
                                                        kMaxWriteAttempts,
                                                        " attempts to write it; retry"));
}

}  // namespace

absl::StatusOr<SessionRecord> UpdateSessionWith(SessionStore& sessions,
                                                absl::string_view session_id,
                                                const SessionChange& change) {
  for (int attempt = 0; attempt < kMaxWriteAttempts; ++attempt) {
    auto session = sessions.GetSession(session_id);
    if (!session.ok()) return session.status();
    if (!change(*session)) return session;
    auto written = sessions.UpdateSession(*session);
    if (!IsStoreConflict(written.status())) return written;
  }
  return KeptChanging(absl::StrCat("session '", session_id, "'"));
}

absl::StatusOr<CommitResult> CommitWith(Journal& journal, const BuildCommit& build) {
  for (int attempt = 0; attempt < kMaxWriteAttempts; ++attempt) {
    auto commit = build();
    if (!commit.ok()) return commit.status();
    if (!commit->has_value()) return CommitResult{};
    auto result = journal.Commit(**commit);
    if (!IsStoreConflict(result.status())) return result;
  }
  return KeptChanging("the session of a journal commit");
}

absl::StatusOr<SessionRecord> MarkRouted(SessionStore& sessions, absl::string_view session_id) {
  return UpdateSessionWith(sessions, session_id, [](SessionRecord& session) {
    if (session.routed) return false;
    session.routed = true;
    return true;
  });
}

absl::StatusOr<SessionRecord> MarkStopRequested(SessionStore& sessions,
                                                absl::string_view session_id,
                                                absl::string_view reason) {
  return UpdateSessionWith(sessions, session_id, [reason](SessionRecord& session) {
    if (session.ended()) return false;
    session.stop_requested = true;
    session.stop_reason = std::string(reason);
    return true;
  });
}

absl::StatusOr<SessionRecord> ClearStopRequested(SessionStore& sessions,
                                                 absl::string_view session_id) {
  return UpdateSessionWith(sessions, session_id, [](SessionRecord& session) {
    if (session.ended() || !session.stop_requested) return false;
    session.stop_requested = false;
    session.stop_reason.clear();
    return true;
  });
}

absl::StatusOr<SessionRecord> UpdateCustomerSecrets(SessionStore& sessions,
                                                    absl::string_view session_id,
                                                    const CustomerSecrets& secrets) {
  return UpdateSessionWith(sessions, session_id, [&secrets](SessionRecord& session) {
    if (session.ended()) return false;
    session.customer = secrets;
    return true;
  });
}

}  // namespace hitl::store

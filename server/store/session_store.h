// Sessions as versioned records. Every write is a compare-and-set on the
// version the writer read, so two writers (threads or replicas) can never
// silently undo each other: the later one gets ABORTED (reason
// STORE_CONFLICT), re-reads and decides again (see UpdateSessionWith).
//
// Implementations are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/session_record.h"

namespace hitl::store {

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Inserts a new session and returns it as stored (version 1; the given
  // version is ignored). ALREADY_EXISTS if its session id or chat id is taken.
  virtual absl::StatusOr<SessionRecord> CreateSession(const SessionRecord& session) = 0;
  // NOT_FOUND (reason SESSION_NOT_FOUND) if there is no such session.
  virtual absl::StatusOr<SessionRecord> GetSession(absl::string_view session_id) = 0;
  virtual absl::StatusOr<std::optional<SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) = 0;
  // A record of the chat's session to start a compare-and-set write from,
  // which may be an older version than the stored one or of a session since
  // deleted (a backend may answer from what this process last read or
  // wrote, saving a read): a write naming it then fails with STORE_CONFLICT
  // or NOT_FOUND, and the caller re-reads with GetSession. So a decision to
  // write nothing must be taken on a fresh read. The default is exact.
  virtual absl::StatusOr<std::optional<SessionRecord>> FindSessionByChatToWrite(
      absl::string_view chat_id) {
    return FindSessionByChat(chat_id);
  }
  // Replaces the session if its stored version is still `session.version`
  // and returns it as stored (version + 1). ABORTED (reason STORE_CONFLICT)
  // if another write came first, NOT_FOUND if it is gone, INVALID_ARGUMENT
  // if it would change the chat id (which never changes).
  virtual absl::StatusOr<SessionRecord> UpdateSession(const SessionRecord& session) = 0;
  // Removes a session whose start failed, with its journal entries.
  virtual absl::Status DeleteSession(absl::string_view session_id) = 0;
  // Sessions not ended, in session id order after `after_session_id`, at
  // most `limit` (for reconciliation with LiveChat).
  virtual absl::StatusOr<std::vector<SessionRecord>> ListOpenSessions(
      absl::string_view after_session_id, int limit) = 0;
};

}  // namespace hitl::store

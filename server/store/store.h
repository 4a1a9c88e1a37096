// Durable state of the gateway: sessions, idempotency records of StartHitl
// and SendMessage, and the journal of agent events with the de-duplication
// keys of webhook deliveries. Nothing outside this folder may assume a local
// file: a shared backend (e.g. Redis) implements the same interface.
//
// Contract of the journal: `seq` is assigned in commit order, strictly
// increasing and never reused; a commit is durable when it returns OK;
// retention deletes a prefix of the journal and remembers the last seq it
// deleted (PrunedThrough).
//
// Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/session_record.h"

namespace hitl::store {

struct JournalEntry {
  int64_t seq = 0;           // assigned by the store
  std::string session_id;
  absl::Time recorded_at;
  std::string payload;       // opaque bytes (a serialized event)
  // If set, the entry is skipped when the key was committed before (the
  // same event reached the gateway another way). Not read back.
  std::string dedup_key;
};

// One atomic write of the journal: the de-duplication key of the delivery it
// comes from, the session's new state, and the entries it produces.
struct JournalCommit {
  // Empty: no de-duplication. Otherwise a second commit with the same key
  // writes nothing and reports `duplicate`.
  std::string dedup_key;
  // When the delivery was received; retention forgets its key after that.
  absl::Time received_at = absl::UnixEpoch();
  std::optional<SessionRecord> session;  // replaces the stored record
  std::vector<JournalEntry> entries;     // seq ignored on input
  // Index into `entries` of the session's ended event, or -1; the stored
  // session's ended_seq becomes that entry's seq.
  int ended_entry = -1;
};

struct CommitResult {
  bool duplicate = false;
  std::vector<JournalEntry> appended;  // with their seq
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- sessions
  // Inserts a new session. `start_request_id` (may be empty) is remembered so
  // FindSessionByStartRequest finds it; ALREADY_EXISTS if taken.
  virtual absl::Status CreateSession(const SessionRecord& session,
                                     absl::string_view start_request_id) = 0;
  // NOT_FOUND if there is no such session.
  virtual absl::StatusOr<SessionRecord> GetSession(absl::string_view session_id) = 0;
  virtual absl::StatusOr<std::optional<SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) = 0;
  virtual absl::StatusOr<std::optional<std::string>> FindSessionByStartRequest(
      absl::string_view request_id) = 0;
  // Removes a session whose start failed, with its journal entries.
  virtual absl::Status DeleteSession(absl::string_view session_id) = 0;
  // Narrow updates that never touch the state (so they cannot undo a
  // concurrent transition).
  virtual absl::Status UpdateCustomerSecrets(absl::string_view session_id,
                                             const CustomerSecrets& secrets) = 0;
  virtual absl::Status MarkStopRequested(absl::string_view session_id,
                                         absl::string_view reason) = 0;
  // Undoes MarkStopRequested (the stop failed).
  virtual absl::Status ClearStopRequested(absl::string_view session_id) = 0;
  virtual absl::Status MarkRouted(absl::string_view session_id) = 0;
  // Sessions not ended, in session id order after `after_session_id`, at
  // most `limit` (for reconciliation with LiveChat).
  virtual absl::StatusOr<std::vector<SessionRecord>> ListOpenSessions(
      absl::string_view after_session_id, int limit) = 0;

  // ---- SendMessage idempotency: event ids of the parts posted for
  // (session, request), in part order; "" marks a part whose posting began
  // but was not confirmed (it may or may not be in the chat).
  virtual absl::StatusOr<std::vector<std::string>> GetSentParts(
      absl::string_view session_id, absl::string_view request_id) = 0;
  virtual absl::Status RecordSentPart(absl::string_view session_id,
                                      absl::string_view request_id, int part,
                                      absl::string_view event_id) = 0;

  // ---- journal
  virtual absl::StatusOr<CommitResult> Commit(const JournalCommit& commit) = 0;
  // Entries with seq > after_seq, oldest first, at most `limit`; only of
  // `session_ids` unless it is empty.
  virtual absl::StatusOr<std::vector<JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) = 0;
  // The highest seq ever assigned (0 if none).
  virtual absl::StatusOr<int64_t> LastSeq() = 0;
  // The highest seq deleted by retention (0 if none).
  virtual absl::StatusOr<int64_t> PrunedThrough() = 0;
  // Deletes journal entries and delivery keys recorded before `cutoff`;
  // returns how many entries went.
  virtual absl::StatusOr<int64_t> Prune(absl::Time cutoff) = 0;

  // OK when the store can serve requests (readiness).
  virtual absl::Status Ping() = 0;
  // Flushes and closes; later calls fail with UNAVAILABLE.
  virtual void Close() = 0;
};

}  // namespace hitl::store

// The journal of agent events: one global order (seq) that cursors follow,
// written only together with the session change and the delivery key it
// comes from, read by position, tailed by each replica's feed, and trimmed
// by retention.
//
// Contract: `seq` is assigned in commit order, strictly increasing and never
// reused, across every process sharing the backend; an entry is visible to
// readers only once every entry before it is; a commit is durable when it
// returns OK; retention deletes a prefix of the journal and remembers the
// last seq it deleted (PrunedThrough).
//
// Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
  std::string dedup_key = {};
};

// One atomic write: the de-duplication key of the delivery it comes from,
// the session's new state, and the entries it produces. All or nothing.
struct JournalCommit {
  // Empty: no de-duplication. Otherwise a second commit with the same key
  // writes nothing and reports `duplicate`.
  std::string dedup_key;
  // When the delivery was received; retention forgets its key after that.
  absl::Time received_at = absl::UnixEpoch();
  // Replaces the stored record if its version is still `session->version`
  // (compare-and-set, as SessionStore::UpdateSession); otherwise the commit
  // fails with ABORTED (reason STORE_CONFLICT) and writes nothing, not even
  // the delivery key.
  std::optional<SessionRecord> session;
  // `session` is the record as read, unchanged: the commit only checks that
  // its version is still the stored one (the entries were decided on it),
  // failing as above otherwise, and writes nothing of it. Not together with
  // an ended entry (INVALID_ARGUMENT), which changes the session.
  bool session_unchanged = false;
  std::vector<JournalEntry> entries;  // seq ignored on input
  // Index into `entries` of the session's ended event, or -1; the stored
  // session's ended_seq becomes that entry's seq.
  int ended_entry = -1;
};

struct CommitResult {
  bool duplicate = false;
  std::vector<JournalEntry> appended;   // with their seq
  std::optional<SessionRecord> session; // as stored (new version), if written or checked
};

// INVALID_ARGUMENT for a commit no backend may accept (checked by each).
inline absl::Status CheckCommit(const JournalCommit& commit) {
  if (commit.session_unchanged && (!commit.session || commit.ended_entry >= 0)) {
    return absl::InvalidArgumentError(
        "journal commit: an unchanged session needs a session and no ended entry");
  }
  return absl::OkStatus();
}

// How far recording clocks may step back for Prune to stay exact.
inline constexpr absl::Duration kPruneClockSkew = absl::Minutes(10);

class Journal {
 public:
  virtual ~Journal() = default;

  virtual absl::StatusOr<CommitResult> Commit(const JournalCommit& commit) = 0;
  // Entries with seq > after_seq, oldest first, at most `limit`; only of
  // `session_ids` unless it is empty.
  virtual absl::StatusOr<std::vector<JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) = 0;
  // Entries of every session with seq > after_seq, at most `limit`; when
  // there are none yet, waits up to `wait` for a commit by any process
  // sharing the backend, then answers (possibly with none). The one caller
  // is each process's journal feed.
  virtual absl::StatusOr<std::vector<JournalEntry>> WaitForEntries(int64_t after_seq, int limit,
                                                                   absl::Duration wait) = 0;
  // The highest seq ever assigned (0 if none).
  virtual absl::StatusOr<int64_t> LastSeq() = 0;
  // The highest seq deleted by retention (0 if none).
  virtual absl::StatusOr<int64_t> PrunedThrough() = 0;
  // Deletes journal entries recorded before `cutoff` (a prefix: everything
  // up to the newest such entry; a backend may stop looking for one at
  // entries recorded kPruneClockSkew after the cutoff, so clocks may step
  // back by less than that) and delivery keys received before `cutoff`;
  // returns how many entries went.
  virtual absl::StatusOr<int64_t> Prune(absl::Time cutoff) = 0;
};

}  // namespace hitl::store

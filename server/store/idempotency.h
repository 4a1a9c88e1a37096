// Idempotency of the bot's mutations across processes: a `request_id`
// becomes a key that one attempt at a time reserves (an owner and an
// expiry), records progress under, and finally completes with its outcome.
// A second attempt sees the outcome, or that another attempt holds the key,
// or (when the holder died and its reservation expired) takes the key over
// together with the progress it left, to finish or undo that work.
//
// Expiry runs on the backend's clock (Redis: the server's; SQLite and the
// fake: the Clock they were opened with). Progress is a non-empty value; an
// expired reservation that saved progress is kept (kProgressKeep) so a
// later attempt can still take it over. An owner whose reservation expired
// but was not taken over still holds it.
//
// Implementations are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hitl::store {

// How long an expired reservation's progress stays for a takeover.
inline constexpr absl::Duration kProgressKeep = absl::Hours(24);

struct Reservation {
  enum class State {
    kAcquired,   // the caller holds the key; nothing was recorded before
    kTakenOver,  // the caller holds the key; `value` is the progress an
                 // earlier attempt recorded before its reservation expired
    kHeld,       // another attempt holds it for about `held_for` more
    kCompleted,  // done; `value` is the outcome
  };
  State state = State::kAcquired;
  std::string value;
  absl::Duration held_for = absl::ZeroDuration();
};

class Idempotency {
 public:
  virtual ~Idempotency() = default;

  // Reserves `key` for `owner` (unique per attempt) for `ttl`. Reserving a
  // key one already holds renews it and reports what it recorded
  // (kTakenOver if it recorded progress, else kAcquired).
  virtual absl::StatusOr<Reservation> Reserve(absl::string_view key, absl::string_view owner,
                                              absl::Duration ttl) = 0;
  // Records progress and renews the reservation for `ttl`; a zero `ttl`
  // hands the progress on: the next Reserve takes it over at once. ABORTED
  // (reason STORE_CONFLICT) if `owner` no longer holds the key (another
  // attempt took it over) or it is completed: the caller must stop.
  virtual absl::Status SaveProgress(absl::string_view key, absl::string_view owner,
                                    absl::string_view value, absl::Duration ttl) = 0;
  // Completes the key with its outcome, kept for `keep`: every later Reserve
  // gets kCompleted with `value`. An outcome is final: completing again (same
  // owner) is OK and keeps the first. ABORTED (STORE_CONFLICT) if another
  // attempt holds the key.
  virtual absl::Status Complete(absl::string_view key, absl::string_view owner,
                                absl::string_view value, absl::Duration keep) = 0;
  // Gives up a reservation that left nothing behind: the next Reserve
  // acquires afresh. Does nothing unless `owner` holds the key uncompleted.
  virtual absl::Status Release(absl::string_view key, absl::string_view owner) = 0;
};

// A list of strings as one idempotency value (e.g. the event ids of a
// message's parts); any string, empty ones included, survives the trip.
std::string EncodeStringList(const std::vector<std::string>& items);
// INVALID_ARGUMENT if `value` did not come from EncodeStringList.
absl::StatusOr<std::vector<std::string>> DecodeStringList(absl::string_view value);

}  // namespace hitl::store

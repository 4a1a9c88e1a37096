// Agent events as journal entries: what EventLog's writers store and what
// subscribers read back (with the cursor filled in from the entry's seq).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hitl/v1/hitl.pb.h"
#include "server/store/journal.h"

namespace hitl::events {

// A journaled event as subscribers get it (cursor filled in).
struct StoredEvent {
  int64_t seq = 0;
  hitl::v1::AgentEvent event;
};

// Decodes a journal entry written with EncodeEntry; DATA_LOSS if corrupt.
absl::StatusOr<StoredEvent> DecodeEntry(const store::JournalEntry& entry);
// Encodes `event` (without cursor) as a journal entry of its session.
store::JournalEntry EncodeEntry(const hitl::v1::AgentEvent& event, absl::Time recorded_at);

}  // namespace hitl::events

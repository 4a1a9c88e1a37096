#include "server/events/event_codec.h"

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/events/cursor.h"

namespace hitl::events {

absl::StatusOr<StoredEvent> DecodeEntry(const store::JournalEntry& entry) {
  StoredEvent stored;
  stored.seq = entry.seq;
  if (!stored.event.ParseFromString(entry.payload)) {
    return MakeError(absl::StatusCode::kDataLoss, reason::kStoreFailure,
                     absl::StrCat("journal entry ", entry.seq, " is corrupt"));
  }
  stored.event.set_cursor(EncodeCursor(entry.seq));
  return stored;
}

store::JournalEntry EncodeEntry(const hitl::v1::AgentEvent& event, absl::Time recorded_at) {
  return store::JournalEntry{.session_id = event.session_id(),
                             .recorded_at = recorded_at,
                             .payload = event.SerializeAsString()};
}

}  // namespace hitl::events

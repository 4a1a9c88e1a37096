#include "server/store/store_errors.h"

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"

namespace hitl::store {

absl::Status StoreUnavailable(absl::string_view store, absl::string_view what) {
  return MakeError(absl::StatusCode::kUnavailable, reason::kStoreFailure,
                   absl::StrCat(store, ": ", what));
}

absl::Status StoreConflict(absl::string_view what) {
  return MakeError(absl::StatusCode::kAborted, reason::kStoreConflict,
                   absl::StrCat(what, " changed concurrently"));
}

bool IsStoreConflict(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted &&
         ErrorReason(status) == reason::kStoreConflict;
}

absl::Status SessionNotFound(absl::string_view session_id) {
  return MakeError(absl::StatusCode::kNotFound, reason::kSessionNotFound,
                   absl::StrCat("session '", session_id, "' does not exist"));
}

}  // namespace hitl::store

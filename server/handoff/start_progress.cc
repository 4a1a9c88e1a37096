#include "server/handoff/start_progress.h"

#include "server/common/errors.h"
#include "server/store/idempotency.h"

namespace hitl::handoff {

// {session_id} once the session is stored (also the form SQLite schema 2
// start ids migrate to); {"", customer id, cookie id, cookie secret} before.
std::string EncodeStartProgress(const StartProgress& progress) {
  if (!progress.session_id.empty()) return store::EncodeStringList({progress.session_id});
  return store::EncodeStringList(
      {"", progress.customer_id, progress.cookies.customer_id, progress.cookies.secret});
}

absl::StatusOr<StartProgress> DecodeStartProgress(const std::string& value) {
  auto items = store::DecodeStringList(value);
  if (items.ok() && items->empty()) return StartProgress{};  // nothing saved yet
  if (items.ok() && items->size() == 1 && !items->front().empty()) {
    return StartProgress{.session_id = items->front()};
  }
  if (items.ok() && items->size() == 4 && (*items)[0].empty()) {
    return StartProgress{.customer_id = (*items)[1],
                         .cookies = {.customer_id = (*items)[2], .secret = (*items)[3]}};
  }
  return MakeError(absl::StatusCode::kInternal, reason::kInternal,
                   "StartHitl: the record of an earlier attempt with this request_id is "
                   "unreadable; retry with a new request_id");
}

}  // namespace hitl::handoff

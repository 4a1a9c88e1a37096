// The paging parameters list_chats shares between the Agent and Customer
// Chat APIs: sort_order ("asc" | "desc", default "desc"), limit (default 10)
// and page_id (refused: pagination is not simulated).
//
// Thread-safe: pure functions.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::sim {

struct ListParams {
  bool descending = true;  // newest first
  int64_t limit = 10;
};

// Reads the parameters from `fields` (after any the caller read, so an
// earlier field error wins) and checks them; `max_limit` is the API's cap.
absl::StatusOr<ListParams> ReadListParams(livechat::wire::FieldReader& fields, int64_t max_limit);

}  // namespace hitl::sim

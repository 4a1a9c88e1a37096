#include "server/store/idempotency_keys.h"

#include "absl/strings/str_cat.h"

namespace hitl::store {

std::string StartRequestKey(absl::string_view request_id) {
  return absl::StrCat("start/", request_id);
}

std::string SendRequestKey(absl::string_view session_id, absl::string_view request_id) {
  return absl::StrCat("send/", session_id, "/", request_id);
}

}  // namespace hitl::store

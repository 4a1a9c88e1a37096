#include "server/store/idempotency.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace hitl::store {

// Each item as "<length>:<bytes>", so no byte needs escaping.
std::string EncodeStringList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) absl::StrAppend(&out, item.size(), ":", item);
  return out;
}

absl::StatusOr<std::vector<std::string>> DecodeStringList(absl::string_view value) {
  std::vector<std::string> items;
  while (!value.empty()) {
    size_t colon = value.find(':');
    size_t length = 0;
    if (colon == absl::string_view::npos ||
        !absl::SimpleAtoi(value.substr(0, colon), &length) ||
        length > value.size() - colon - 1) {
      return absl::InvalidArgumentError("idempotency value is not a string list");
    }
    items.emplace_back(value.substr(colon + 1, length));
    value.remove_prefix(colon + 1 + length);
  }
  return items;
}

}  // namespace hitl::store

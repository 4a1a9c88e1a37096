#include "server/store/redis_keys.h"

#include "absl/strings/str_cat.h"

namespace hitl::store {

absl::Status ValidateKeyPrefix(absl::string_view prefix) {
  if (prefix.empty() || prefix.find_first_of("{}") != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "Redis key prefix: must be non-empty and contain neither '{' nor '}'");
  }
  return absl::OkStatus();
}

RedisKeys::RedisKeys(absl::string_view prefix) : tag_(absl::StrCat("{", prefix, "}:")) {}

std::string RedisKeys::Key(absl::string_view kind, absl::string_view name) const {
  return absl::StrCat(tag_, kind, name);
}

}  // namespace hitl::store

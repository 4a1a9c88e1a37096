#include "server/store/redis_reply.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"

namespace hitl::store {

std::optional<int64_t> RedisReply::AsInt() const {
  if (kind == Kind::kInteger) return integer;
  int64_t value = 0;
  if (kind == Kind::kString && absl::SimpleAtoi(text, &value)) return value;
  return std::nullopt;
}

bool RedisReply::IsErrorCode(absl::string_view code) const {
  return is_error() && absl::StartsWith(text, code) &&
         (text.size() == code.size() || text[code.size()] == ' ');
}

}  // namespace hitl::store

#include "server/common/rfc3339.h"

#include "absl/strings/str_cat.h"

namespace hitl {

std::string FormatRfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not an RFC 3339 time: '", text, "' (", error, ")"));
  }
  return time;
}

}  // namespace hitl

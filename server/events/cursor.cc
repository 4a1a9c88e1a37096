#include "server/events/cursor.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "server/common/errors.h"

namespace hitl::events {
namespace {
constexpr size_t kCursorDigits = 20;
}  // namespace

std::string EncodeCursor(int64_t seq) { return absl::StrFormat("%020d", seq); }

absl::StatusOr<int64_t> DecodeCursor(absl::string_view cursor) {
  int64_t seq = 0;
  bool digits = cursor.size() == kCursorDigits &&
                std::all_of(cursor.begin(), cursor.end(),
                            [](char c) { return absl::ascii_isdigit(c); });
  if (!digits || !absl::SimpleAtoi(cursor, &seq) || seq < 0) {
    return InvalidField("after_cursor",
                        "not a cursor of this gateway; pass the `cursor` of an event "
                        "you received, or leave it empty for live events");
  }
  return seq;
}

}  // namespace hitl::events

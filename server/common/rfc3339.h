// LiveChat's timestamps: RFC 3339 in UTC with microseconds,
// e.g. "2019-12-17T07:57:41.512000Z".
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hitl {

std::string FormatRfc3339(absl::Time time);

// Accepts any RFC 3339 time (any fraction, "Z" or an offset).
absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text);

}  // namespace hitl

// The public form of a journal position: a fixed-width decimal string, so
// cursors increase both as numbers and as strings. Clients treat it as opaque.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hitl::events {

std::string EncodeCursor(int64_t seq);
// INVALID_ARGUMENT (field after_cursor) unless `cursor` came from EncodeCursor.
absl::StatusOr<int64_t> DecodeCursor(absl::string_view cursor);

}  // namespace hitl::events

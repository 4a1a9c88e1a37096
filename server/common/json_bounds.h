// Bounds on the shape of a JSON text, checked before it is parsed: every
// tree the gateway parses (webhooks, LiveChat's answers, its own stored
// records) is later copied, walked and printed by recursive code, so a
// hostile text nesting 100,000 levels deep would overflow the stack. One
// linear scan of the bytes, no allocation; exact for valid JSON (strings
// and their escapes are skipped), and anything invalid is then refused by
// the parser anyway.
//
// Thread-safe: free functions.
#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hitl {

struct JsonBounds {
  // Arrays and objects inside one another; LiveChat's deepest are under 10.
  int max_depth = 64;
  // Values in the whole text, counted as arrays and objects plus the commas
  // between their members (so up to twice this many); a LiveChat answer of
  // many megabytes stays well under it.
  size_t max_elements = 1'000'000;
};

// INVALID_ARGUMENT naming `what` and the bound exceeded.
absl::Status CheckJsonBounds(absl::string_view text, absl::string_view what,
                             const JsonBounds& bounds = JsonBounds());

}  // namespace hitl

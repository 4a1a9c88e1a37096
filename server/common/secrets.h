// Handling of secrets: comparison that leaks neither content nor length
// through timing.
#pragma once

#include "absl/strings/string_view.h"

namespace hitl {

// True when `a` equals `b`. Runs in time independent of where they differ and
// of their lengths (both are hashed first, then compared in constant time).
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace hitl

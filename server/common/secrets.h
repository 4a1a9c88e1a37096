// Handling of secrets: comparison that leaks neither content nor length
// through timing; SHA-256 digests.
#pragma once

#include <array>

#include "absl/strings/string_view.h"

namespace hitl {

// The SHA-256 digest of `data` (32 raw bytes).
std::array<unsigned char, 32> Sha256(absl::string_view data);

// True when `a` equals `b`. Runs in time independent of where they differ and
// of their lengths (both are hashed first, then compared in constant time).
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace hitl

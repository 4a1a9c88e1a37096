// Splits a text into parts that each fit one LiveChat message event, in
// order, never cutting inside a UTF-8 character and, where it can, at white
// space.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hitl::handoff {

// Largest part the gateway sends. LiveChat documents "16 KB"; 16000 bytes fit
// whether that means 16000 or 16384.
inline constexpr size_t kMaxPartBytes = 16000;

// Largest text SendMessage and transcript messages accept.
inline constexpr size_t kMaxTextBytes = 65536;

// Parts of at most `max_bytes` each whose concatenation is `text`. A cut
// goes after the last white space in the final eighth of a part if there is
// one, else at a character boundary. Requires valid UTF-8 and max_bytes >= 8.
std::vector<std::string> SplitText(absl::string_view text, size_t max_bytes = kMaxPartBytes);

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(absl::string_view text);

}  // namespace hitl::handoff

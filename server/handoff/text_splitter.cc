#include "server/handoff/text_splitter.h"

#include "absl/strings/ascii.h"

namespace hitl::handoff {
namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = text[i];
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3
                                 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if (!IsContinuationByte(text[i + k])) return false;
    }
    i += length;
  }
  return true;
}

std::vector<std::string> SplitText(absl::string_view text, size_t max_bytes) {
  std::vector<std::string> parts;
  while (text.size() > max_bytes) {
    size_t cut = max_bytes;
    // Back off to a character boundary.
    while (cut > 0 && IsContinuationByte(text[cut])) --cut;
    // Prefer to cut just after white space near the end of the part.
    for (size_t i = cut; i > cut - cut / 8; --i) {
      if (absl::ascii_isspace(text[i - 1])) {
        cut = i;
        break;
      }
    }
    parts.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  if (!text.empty() || parts.empty()) parts.emplace_back(text);
  return parts;
}

}  // namespace hitl::handoff

#include "server/common/json_bounds.h"

#include "absl/strings/str_cat.h"

namespace hitl {

absl::Status CheckJsonBounds(absl::string_view text, absl::string_view what,
                             const JsonBounds& bounds) {
  int depth = 0;
  // Containers plus separators: within a factor of two of the number of
  // values, which is all a limit needs.
  size_t elements = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped byte cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > bounds.max_depth) {
          return absl::InvalidArgumentError(absl::StrCat(
              what, ": JSON nests deeper than ", bounds.max_depth, " levels"));
        }
        ++elements;
        break;
      case ']':
      case '}':
        --depth;
        break;
      case ',':
        ++elements;
        break;
      default:
        break;
    }
    if (elements > bounds.max_elements) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, ": JSON has more than ", bounds.max_elements, " values"));
    }
  }
  return absl::OkStatus();
}

}  // namespace hitl

// Hostile JSON for tests: texts no JSON library should be asked to build
// (the test itself would recurse), made by string surgery.
#pragma once

#include <string>

namespace hitl::testing {

// The string value that marks where NestInto puts its arrays.
inline constexpr char kDeepMarker[] = "__nested_deep_here__";

// `json_text` with the string value kDeepMarker replaced by arrays nested
// `depth` levels deep ("[[[...]]]"); unchanged if the marker is absent.
inline std::string NestInto(std::string json_text, int depth) {
  const std::string quoted = std::string("\"") + kDeepMarker + "\"";
  size_t at = json_text.find(quoted);
  if (at == std::string::npos) return json_text;
  return json_text.replace(at, quoted.size(), std::string(depth, '[') + std::string(depth, ']'));
}

}  // namespace hitl::testing

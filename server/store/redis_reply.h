// One Redis reply as a plain value, so code above the connection never
// touches hiredis's structures, and readers for the shapes the store uses.
//
// Thread-safe: a value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hitl::store {

struct RedisReply {
  enum class Kind { kNil, kString, kStatus, kInteger, kArray, kError };
  Kind kind = Kind::kNil;
  std::string text;  // kString, kStatus and kError
  int64_t integer = 0;
  std::vector<RedisReply> elements;

  bool is_error() const { return kind == Kind::kError; }
  bool is_nil() const { return kind == Kind::kNil; }
  // The integer of an integer reply, or of a string holding one (GET of a
  // counter); nullopt for anything else.
  std::optional<int64_t> AsInt() const;
  // An error reply whose text starts with `code` (e.g. "NOSCRIPT").
  bool IsErrorCode(absl::string_view code) const;
};

}  // namespace hitl::store

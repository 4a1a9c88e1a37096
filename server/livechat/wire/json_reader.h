// Reads fields of a JSON object without exceptions: wrong or missing fields
// are recorded as the first error, naming the field's full path
// ("payload.event.text: required string is missing"). Extra fields are
// ignored, so new LiveChat fields never break parsing.
//
// Not thread-safe; one reader per parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace hitl::livechat::wire {

using Json = nlohmann::json;

// Parses `text` as JSON; INVALID_ARGUMENT if it is not valid JSON or is
// beyond the bounds of common/json_bounds.h (too deep, too many values).
absl::StatusOr<Json> ParseJson(absl::string_view text);

class FieldReader {
 public:
  // `path` prefixes every error ("payload.event"); empty at the top level.
  FieldReader(const Json& object, std::string path);

  std::string RequiredString(absl::string_view key);
  std::optional<std::string> OptionalString(absl::string_view key);
  int64_t RequiredInt(absl::string_view key);
  std::optional<int64_t> OptionalInt(absl::string_view key);
  std::optional<bool> OptionalBool(absl::string_view key);
  bool RequiredBool(absl::string_view key);
  std::vector<std::string> StringArray(absl::string_view key, bool required);
  std::vector<int64_t> IntArray(absl::string_view key, bool required);
  // The member if it is an object; nullptr if absent (an error if required)
  // or of another type (always an error).
  const Json* Object(absl::string_view key, bool required);
  // Same for arrays.
  const Json* Array(absl::string_view key, bool required);

  // "path.key", for nested readers and messages.
  std::string PathOf(absl::string_view key) const;
  // Records an error for `key` unless one was recorded already.
  void Fail(absl::string_view key, absl::string_view problem);
  // Adopts the error of a nested parse, if it failed and none is recorded.
  void Merge(const absl::Status& status);

  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }

 private:
  const Json* Find(absl::string_view key) const;

  const Json& object_;
  std::string path_;
  absl::Status status_;
};

}  // namespace hitl::livechat::wire

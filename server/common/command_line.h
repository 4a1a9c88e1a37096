// The one command-line reader of the project's programs: positional words
// and --name=value / --name value options (booleans: --name), options kept
// in order (hitlctl builds a transcript from their order).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace hitl {

struct CommandLine {
  std::vector<std::string> positional;
  // (name, value) in order; booleans have value "true".
  std::vector<std::pair<std::string, std::string>> options;
  // --help or -h was given (parsing stops there).
  bool help = false;

  // The last value of `name`, if given.
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const { return Get(name).has_value(); }
  // INVALID_ARGUMENT naming the first option not in `known`.
  absl::Status OnlyKnown(const std::vector<std::string>& known) const;
};

// `boolean_flags` take no value. Without `allow_positional`, a word that is
// not an option is an error naming its position, never its text (a mistyped
// flag may carry a secret).
absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                             const std::vector<std::string>& boolean_flags,
                                             bool allow_positional);

}  // namespace hitl

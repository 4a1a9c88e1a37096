// A small command-line reader: positional words and --name=value /
// --name value options, where an option may repeat and keeps its order
// relative to other options (the transcript is built in argument order).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace hitl::cli {

class Arguments {
 public:
  // `flags` are options without a value (e.g. "until-ended").
  static absl::StatusOr<Arguments> Parse(const std::vector<std::string>& args,
                                         const std::vector<std::string>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  // Options in order, as (name, value); flags have value "true".
  const std::vector<std::pair<std::string, std::string>>& options() const { return options_; }
  // The last value of `name`, if given.
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const { return Get(name).has_value(); }
  // INVALID_ARGUMENT naming the first option not in `known`.
  absl::Status CheckKnown(const std::vector<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::vector<std::pair<std::string, std::string>> options_;
};

}  // namespace hitl::cli

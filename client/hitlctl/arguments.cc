#include "client/hitlctl/arguments.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace hitl::cli {

absl::StatusOr<Arguments> Arguments::Parse(const std::vector<std::string>& args,
                                           const std::vector<std::string>& flags) {
  Arguments out;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (!absl::ConsumePrefix(&arg, "--")) {
      out.positional_.push_back(args[i]);
      continue;
    }
    std::string name(arg);
    std::string value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
    }
    out.options_.emplace_back(name, value);
  }
  return out;
}

std::optional<std::string> Arguments::Get(const std::string& name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : options_) {
    if (key == name) found = value;
  }
  return found;
}

std::vector<std::string> Arguments::GetAll(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : options_) {
    if (key == name) values.push_back(value);
  }
  return values;
}

absl::Status Arguments::CheckKnown(const std::vector<std::string>& known) const {
  for (const auto& [key, value] : options_) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown option --", key));
    }
  }
  return absl::OkStatus();
}

}  // namespace hitl::cli

#include "server/common/command_line.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace hitl {

absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                             const std::vector<std::string>& boolean_flags,
                                             bool allow_positional) {
  CommandLine out;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return out;
    }
    if (!absl::ConsumePrefix(&arg, "--")) {
      if (allow_positional) {
        out.positional.push_back(args[i]);
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument #", i + 1, " (flags are --name=value; see --help)"));
    }
    std::string name(arg);
    std::string value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (std::find(boolean_flags.begin(), boolean_flags.end(), name) !=
               boolean_flags.end()) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
    }
    out.options.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::optional<std::string> CommandLine::Get(const std::string& name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : options) {
    if (key == name) found = value;
  }
  return found;
}

std::vector<std::string> CommandLine::GetAll(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : options) {
    if (key == name) values.push_back(value);
  }
  return values;
}

absl::Status CommandLine::OnlyKnown(const std::vector<std::string>& known) const {
  for (const auto& [key, value] : options) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", key, " (see --help)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace hitl

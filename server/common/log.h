// The logging facade: one line per notable event, "key=value" style, with
// level and (where there is one) session id. Never pass a secret, token,
// cookie or message text to these functions.
//
// Thread-safe.
#pragma once

#include "absl/strings/string_view.h"
#include <utility>

#include "absl/status/status.h"
#include "spdlog/spdlog.h"

// Debian's Abseil has its own string_view type; let fmt print it.
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(absl::string_view text, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(
        std::string_view(text.data(), text.size()), ctx);
  }
};

namespace hitl::log {

// Sets the process-wide level ("debug", "info", "warn", "error") and the line
// format. Unknown level → INVALID_ARGUMENT.
absl::Status Init(absl::string_view level);

template <typename... Args>
void Debug(fmt::format_string<Args...> format, Args&&... args) {
  spdlog::debug(format, std::forward<Args>(args)...);
}
template <typename... Args>
void Info(fmt::format_string<Args...> format, Args&&... args) {
  spdlog::info(format, std::forward<Args>(args)...);
}
template <typename... Args>
void Warn(fmt::format_string<Args...> format, Args&&... args) {
  spdlog::warn(format, std::forward<Args>(args)...);
}
template <typename... Args>
void Error(fmt::format_string<Args...> format, Args&&... args) {
  spdlog::error(format, std::forward<Args>(args)...);
}

}  // namespace hitl::log

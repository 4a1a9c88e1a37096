#include "server/common/log.h"

#include "absl/strings/str_cat.h"
#include "spdlog/sinks/stdout_sinks.h"

namespace hitl::log {

absl::Status Init(absl::string_view level) {
  spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for anything it does not know.
  if (parsed == spdlog::level::off && level != "off") {
    return absl::InvalidArgumentError(absl::StrCat(
        "HITL_LOG_LEVEL: unknown level '", level,
        "' (use debug, info, warn or error)"));
  }
  auto logger = spdlog::stderr_logger_mt("hitl");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%L%$ %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return absl::OkStatus();
}

}  // namespace hitl::log

// Collects what the process logs (spdlog's default logger) while it lives,
// for tests that assert what is logged, how often, or that a secret is not.
#pragma once

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "spdlog/sinks/ringbuffer_sink.h"
#include "spdlog/spdlog.h"

namespace hitl::testing {

class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(256)) {
    spdlog::default_logger()->sinks().push_back(sink_);
  }
  ~LogCapture() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
  }
  std::string Text() const {
    std::string text;
    for (const std::string& line : sink_->last_formatted()) absl::StrAppend(&text, line);
    return text;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

}  // namespace hitl::testing

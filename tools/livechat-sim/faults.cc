#include "tools/livechat-sim/faults.h"

#include "absl/strings/str_cat.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;

constexpr int64_t kMaxLatencyMs = 120'000;

bool IsApiName(const std::string& api) {
  return api == "agent" || api == "customer" || api == "configuration" || api == "accounts";
}

}  // namespace

absl::StatusOr<Fault> ParseFault(const wire::Json& json) {
  wire::FieldReader fields(json, "");
  Fault fault;
  fault.action = fields.RequiredString("action");
  fault.api = fields.OptionalString("api").value_or("");
  int64_t count = fields.OptionalInt("count").value_or(1);
  fault.error_type = fields.OptionalString("error_type").value_or("");
  fault.message = fields.OptionalString("message").value_or("");
  fault.retry_after_seconds = fields.OptionalInt("retry_after_seconds");
  std::string mode = fields.OptionalString("mode").value_or("before");
  int64_t latency_ms = fields.OptionalInt("latency_ms").value_or(0);
  if (!fields.ok()) return fields.status();
  auto invalid = [](absl::string_view problem) { return absl::InvalidArgumentError(problem); };
  if (fault.action.empty()) return invalid("action: must not be empty");
  if (!fault.api.empty() && !IsApiName(fault.api)) {
    return invalid("api: expected agent, customer, configuration or accounts");
  }
  if (count < 1 || count > 1'000'000) return invalid("count: expected 1 to 1000000");
  fault.count = static_cast<int>(count);
  if (mode == "before") {
    fault.mode = FaultMode::kBefore;
  } else if (mode == "after") {
    fault.mode = FaultMode::kAfter;
  } else {
    return invalid("mode: expected \"before\" or \"after\"");
  }
  if (latency_ms < 0 || latency_ms > kMaxLatencyMs) {
    return invalid(absl::StrCat("latency_ms: expected 0 to ", kMaxLatencyMs));
  }
  fault.latency = absl::Milliseconds(latency_ms);
  if (fault.retry_after_seconds && *fault.retry_after_seconds < 0) {
    return invalid("retry_after_seconds: must not be negative");
  }
  if (fault.error_type.empty() && latency_ms == 0) {
    return invalid("error_type: required unless latency_ms is given");
  }
  if (fault.error_type.empty() && (fault.mode == FaultMode::kAfter || fault.retry_after_seconds)) {
    return invalid("error_type: required with mode \"after\" or retry_after_seconds");
  }
  return fault;
}

wire::Json ToJson(const Fault& fault) {
  wire::Json out = {{"action", fault.action},
                    {"count", fault.count},
                    {"mode", fault.mode == FaultMode::kAfter ? "after" : "before"},
                    {"latency_ms", absl::ToInt64Milliseconds(fault.latency)}};
  if (!fault.api.empty()) out["api"] = fault.api;
  if (!fault.error_type.empty()) out["error_type"] = fault.error_type;
  if (!fault.message.empty()) out["message"] = fault.message;
  if (fault.retry_after_seconds) out["retry_after_seconds"] = *fault.retry_after_seconds;
  return out;
}

void FaultInjector::Add(Fault fault) {
  absl::MutexLock lock(&mu_);
  faults_.push_back(std::move(fault));
}

void FaultInjector::Clear() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

std::optional<Fault> FaultInjector::Take(absl::string_view api, absl::string_view action) {
  absl::MutexLock lock(&mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->action != action || (!it->api.empty() && it->api != api)) continue;
    Fault taken = *it;
    taken.count = 1;
    if (--it->count == 0) faults_.erase(it);
    return taken;
  }
  return std::nullopt;
}

std::vector<Fault> FaultInjector::Armed() const {
  absl::MutexLock lock(&mu_);
  return {faults_.begin(), faults_.end()};
}

}  // namespace hitl::sim

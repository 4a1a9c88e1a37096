#include "tools/bench/figures.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_format.h"

namespace hitl::bench {

std::string LatencySummary::ToString() const {
  if (count == 0) return "no samples";
  return absl::StrFormat("n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", count, p50, p90,
                         p99, max);
}

void Samples::Add(absl::Duration latency) {
  absl::MutexLock lock(&mu_);
  ms_.push_back(absl::ToDoubleMilliseconds(latency));
}

LatencySummary Samples::Summarise() {
  absl::MutexLock lock(&mu_);
  LatencySummary summary;
  if (ms_.empty()) return summary;
  std::sort(ms_.begin(), ms_.end());
  auto at = [&](double q) { return ms_[std::min(ms_.size() - 1, size_t(q * ms_.size()))]; };
  summary.count = ms_.size();
  summary.p50 = at(0.5);
  summary.p90 = at(0.9);
  summary.p99 = at(0.99);
  summary.max = ms_.back();
  return summary;
}

void Report(const std::string& what, const std::string& figures) {
  std::printf("%-40s %s\n", what.c_str(), figures.c_str());
  std::fflush(stdout);
}

std::string Percent(double numerator, double denominator) {
  if (denominator <= 0) return "n/a";
  return absl::StrFormat("%.0f %%", 100.0 * numerator / denominator);
}

}  // namespace hitl::bench

// What hitl-bench prints: latency samples summarised as percentiles, one
// aligned line per figure, and ratios between throughputs.
#pragma once

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hitl::bench {

// Percentiles of a set of latencies, in milliseconds.
struct LatencySummary {
  size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
  // "n=… p50=…ms p90=…ms p99=…ms max=…ms", or "no samples".
  std::string ToString() const;
};

// Latencies collected from any number of threads. Thread-safe.
class Samples {
 public:
  void Add(absl::Duration latency);
  LatencySummary Summarise();

 private:
  absl::Mutex mu_;
  std::vector<double> ms_ ABSL_GUARDED_BY(mu_);
};

// Prints "<what> <figures>" with `what` padded to a column, and flushes.
void Report(const std::string& what, const std::string& figures);

// "73 %" (numerator / denominator), or "n/a" when the denominator is 0.
std::string Percent(double numerator, double denominator);

}  // namespace hitl::bench

#include "tools/bench/summary.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hitl::bench {
namespace {

// The target for one replica on Redis against the raw baseline.
constexpr double kTargetShareOfRaw = 0.70;

void Row(const std::string& what, double per_second, const std::string& comment) {
  std::printf("  %-28s %7.0f webhooks/s  %s\n", what.c_str(), per_second, comment.c_str());
}

}  // namespace

void PrintSummary(const SqliteFigures& sqlite, const std::optional<RedisFigures>& redis) {
  std::printf("\nwebhook ingest, durable, delivered to a subscriber%s:\n",
              redis && redis->rounds > 1
                  ? absl::StrCat(" (Redis: median of ", redis->rounds, " interleaved rounds)").c_str()
                  : "");
  if (!redis) {
    Row("SQLite, 1 gateway", sqlite.ingest.per_second, "");
    return;
  }
  const double raw = redis->raw.per_second;
  Row("raw httplib + XADD", raw, "baseline (100 %)");
  Row("SQLite, 1 gateway", sqlite.ingest.per_second,
      absl::StrCat(Percent(sqlite.ingest.per_second, raw), " of raw"));
  double one_replica = 0;
  for (const auto& [count, figures] : redis->replicas) {
    if (count == 1) one_replica = figures.per_second;
  }
  for (const auto& [count, figures] : redis->replicas) {
    std::string comment = absl::StrCat(Percent(figures.per_second, raw), " of raw");
    if (count == 1) {
      absl::StrAppend(&comment, absl::StrFormat(" (target >= %.0f %%)", 100 * kTargetShareOfRaw));
    } else if (one_replica > 0) {
      absl::StrAppend(&comment,
                      absl::StrFormat(", %.2fx 1 replica", figures.per_second / one_replica));
    }
    Row(absl::StrCat("Redis, ", count, count == 1 ? " replica" : " replicas"),
        figures.per_second, comment);
  }
  if (redis->same_replica && redis->across_replicas) {
    std::printf("webhook -> subscriber on Redis, one at a time:\n");
    std::printf("  %-28s p50=%.2fms p99=%.2fms\n", "same replica",
                redis->same_replica->latency.p50, redis->same_replica->latency.p99);
    std::printf("  %-28s p50=%.2fms p99=%.2fms\n", "replica 1 -> replica 2",
                redis->across_replicas->latency.p50, redis->across_replicas->latency.p99);
  }
  std::fflush(stdout);
}

}  // namespace hitl::bench

// The closing table: webhook ingest (durable, delivered to a subscriber) on
// each store and replica count next to the raw baseline, as ratios, and the
// webhook -> subscriber latency on one replica and across two.
#pragma once

#include <optional>

#include "tools/bench/redis_bench.h"
#include "tools/bench/sqlite_bench.h"

namespace hitl::bench {

// `redis` is empty when the Redis part did not run.
void PrintSummary(const SqliteFigures& sqlite, const std::optional<RedisFigures>& redis);

}  // namespace hitl::bench

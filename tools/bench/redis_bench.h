// The gateway on Redis, against a redis-server of the benchmark's own
// (durable: appendfsync always):
// - the raw baseline: RawIngestServer on the same Redis, same load;
// - webhook ingest with 1, 2, 4 ... replicas sharing the Redis, the POSTs
//   spread round-robin over their webhook ports, a subscriber on every
//   replica, a run done when each has every journaled webhook;
// - webhook -> subscriber latency, POSTed to replica 1, on replica 1 and on
//   replica 2 (in the first run with two replicas or more).
// Each run starts on an empty Redis (FLUSHALL) under a key prefix of its
// own. All of it is done options.rounds times, interleaved (raw, 1, 2, 4,
// raw, ...); each ingest figure is the median run. Prints each figure as
// it is measured.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "hitl/v1/hitl.pb.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/measurements.h"

namespace hitl::bench {

struct RedisFigures {
  int rounds = 1;  // each ingest figure is the median of this many runs
  IngestFigures raw;
  std::vector<std::pair<int, IngestFigures>> replicas;  // (replica count, figures)
  std::optional<DeliveryFigures> same_replica;
  std::optional<DeliveryFigures> across_replicas;
};

// `sample_sessions` give the raw baseline's webhooks their chat ids.
absl::StatusOr<RedisFigures> RunRedisBench(const BenchContext& context,
                                           const std::vector<hitl::v1::Session>& sample_sessions);

}  // namespace hitl::bench

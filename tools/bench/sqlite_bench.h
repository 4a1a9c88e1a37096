// The gateway on its default store, SQLite: StartHitl and SendMessage
// latency and throughput, webhook ingest delivered to a subscriber, and
// agent event delivery to a bot's stream (from a webhook, and from an agent
// message in the simulator). Prints each figure as it is measured.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "hitl/v1/hitl.pb.h"
#include "tools/bench/bench_options.h"
#include "tools/bench/measurements.h"

namespace hitl::bench {

struct SqliteFigures {
  IngestFigures ingest;
  // The sessions it made (real chat ids, for webhooks elsewhere).
  std::vector<hitl::v1::Session> sessions;
};

absl::StatusOr<SqliteFigures> RunSqliteBench(const BenchContext& context);

}  // namespace hitl::bench

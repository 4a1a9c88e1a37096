// Picks and opens the store backend the configuration names: Redis when a
// Redis URL is set (any number of replicas share it), otherwise the SQLite
// file (one process). The only place that knows the backends' types.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "server/common/clock.h"
#include "server/config/config.h"
#include "server/store/store.h"

namespace hitl::store {

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const config::Config& config, Clock& clock);

}  // namespace hitl::store

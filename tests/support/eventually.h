// Polling with a deadline instead of sleeps.
#pragma once

#include <functional>

#include "absl/time/time.h"

namespace hitl::testing {

// Polls `condition` until true or `timeout`; true if it became true.
bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout = absl::Seconds(10));

}  // namespace hitl::testing

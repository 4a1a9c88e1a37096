// The two measurements shared by every store and replica count:
// - ingest: webhooks POSTed concurrently, done when every one journaled has
//   reached every watching subscriber; webhooks/s and POST latency;
// - delivery: one event at a time, from its emission until it arrives on a
//   subscriber's stream.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tools/bench/event_watcher.h"
#include "tools/bench/figures.h"
#include "tools/bench/webhook_load.h"

namespace hitl::bench {

struct IngestFigures {
  double per_second = 0;  // delivered (or, with no watcher, acknowledged) per second
  WebhookLoadResult load;
  // Acknowledged as journaled but missing on some watcher at the deadline.
  bool undelivered = false;
  // "<n>/s, POST p50=… p99=…" and any failures.
  std::string ToString() const;
};

// POSTs `load.total` webhooks body(i) that carry MessageText(tag, i); once
// answered, waits for the journaled ones on every watcher (none: the answers
// are all there is). The clock runs from the first POST to the last arrival.
IngestFigures MeasureIngest(const WebhookLoad& load, const std::string& tag,
                            const std::function<std::string(int i, const std::string& text)>& body,
                            const std::vector<EventWatcher*>& watchers);

struct DeliveryFigures {
  LatencySummary latency;
  int lost = 0;  // never arrived within the per-event timeout
  std::string ToString() const;
};

// For i in [0, count): notes the time, emit(i, MessageText(tag, i)), waits
// for that text on `watcher`, then the next: latency, not queueing.
DeliveryFigures MeasureDelivery(EventWatcher& watcher, const std::string& tag, int count,
                                const std::function<void(int i, const std::string& text)>& emit);

}  // namespace hitl::bench

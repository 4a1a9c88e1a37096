#include "tools/bench/measurements.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace hitl::bench {
namespace {

constexpr absl::Duration kDeliveryTimeout = absl::Seconds(30);
constexpr absl::Duration kEventTimeout = absl::Seconds(5);

}  // namespace

std::string IngestFigures::ToString() const {
  std::string text = absl::StrFormat("%6.0f webhooks/s  POST p50=%.2fms p99=%.2fms", per_second,
                                     load.latency.p50, load.latency.p99);
  if (load.failed > 0) absl::StrAppend(&text, ", ", load.failed, " failed");
  if (load.acknowledged > load.journaled) {
    absl::StrAppend(&text, ", ", load.acknowledged - load.journaled, " not journaled");
  }
  if (undelivered) absl::StrAppend(&text, ", NOT ALL DELIVERED");
  return text;
}

IngestFigures MeasureIngest(const WebhookLoad& load, const std::string& tag,
                            const std::function<std::string(int i, const std::string& text)>& body,
                            const std::vector<EventWatcher*>& watchers) {
  IngestFigures figures;
  figures.load = PostWebhooks(load, [&](int i) { return body(i, MessageText(tag, i)); });
  absl::Time done = figures.load.end;
  int counted = figures.load.acknowledged;
  if (!watchers.empty()) {
    counted = figures.load.journaled;
    const absl::Time deadline = absl::Now() + kDeliveryTimeout;
    for (EventWatcher* watcher : watchers) {
      std::optional<absl::Time> last = watcher->AwaitCount(tag, counted, deadline);
      if (!last) {
        figures.undelivered = true;
        continue;
      }
      done = std::max(done, *last);
    }
  }
  double seconds = absl::ToDoubleSeconds(done - figures.load.begin);
  figures.per_second = seconds > 0 ? counted / seconds : 0;
  return figures;
}

std::string DeliveryFigures::ToString() const {
  std::string text = latency.ToString();
  if (lost > 0) absl::StrAppend(&text, ", ", lost, " lost");
  return text;
}

DeliveryFigures MeasureDelivery(EventWatcher& watcher, const std::string& tag, int count,
                                const std::function<void(int i, const std::string& text)>& emit) {
  Samples samples;
  DeliveryFigures figures;
  for (int i = 0; i < count; ++i) {
    std::string text = MessageText(tag, i);
    absl::Time sent = absl::Now();
    emit(i, text);
    std::optional<absl::Time> arrived = watcher.AwaitArrival(text, sent + kEventTimeout);
    if (arrived) {
      samples.Add(*arrived - sent);
    } else {
      ++figures.lost;
    }
  }
  figures.latency = samples.Summarise();
  return figures;
}

}  // namespace hitl::bench

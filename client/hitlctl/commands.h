// The hitlctl commands. Each prints its result as one JSON line per message
// on stdout (proto field names), and returns the call's status.
#pragma once

#include <iosfwd>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/hitlctl/arguments.h"
#include "hitl/v1/hitl.grpc.pb.h"

namespace hitl::cli {

struct Context {
  std::unique_ptr<hitl::v1::HitlService::Stub> stub;
  std::shared_ptr<grpc::Channel> channel;
  absl::Duration timeout;
  std::ostream* out;
};

absl::Status Start(Context& context, const Arguments& args);
absl::Status Send(Context& context, const Arguments& args);
absl::Status Stop(Context& context, const Arguments& args);
absl::Status Get(Context& context, const Arguments& args);
// Streams agent events until the stream ends, --count events were printed,
// or (with --until-ended) the watched sessions ended. Reconnects from the
// last cursor when the gateway is unavailable (e.g. restarting).
absl::Status Watch(Context& context, const Arguments& args);
// Waits until the gateway accepts connections.
absl::Status Ping(Context& context, const Arguments& args);

}  // namespace hitl::cli

// The hitlctl commands. Each prints its result as one JSON line per message
// on stdout (proto field names), and returns the call's status.
#pragma once

#include <iosfwd>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/common/command_line.h"
#include "hitl/v1/hitl.grpc.pb.h"

namespace hitl::cli {

using hitl::CommandLine;

struct Context {
  std::unique_ptr<hitl::v1::HitlService::Stub> stub;
  std::shared_ptr<grpc::Channel> channel;
  absl::Duration timeout;
  std::ostream* out;
};

absl::Status Start(Context& context, const CommandLine& args);
absl::Status Send(Context& context, const CommandLine& args);
absl::Status Stop(Context& context, const CommandLine& args);
absl::Status Get(Context& context, const CommandLine& args);
// Streams agent events until the stream ends, --count events were printed,
// or (with --until-ended) the watched sessions ended. Reconnects from the
// last cursor when the gateway is unavailable (e.g. restarting).
absl::Status Watch(Context& context, const CommandLine& args);
// Waits until the gateway accepts connections.
absl::Status Ping(Context& context, const CommandLine& args);

}  // namespace hitl::cli

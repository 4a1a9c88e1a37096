#include "server/grpc/unary_call.h"

#include <utility>

namespace hitl::grpc_api {

UnaryCall::UnaryCall(CallTracker::Ticket ticket, Serve serve)
    : ticket_(std::move(ticket)), serve_(std::move(serve)) {
  StartRead(&request_);
}

void UnaryCall::OnReadDone(bool ok) {
  if (!ok) {
    // The client half-closed without a message, or went away.
    Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the call ended before its request message arrived"));
    return;
  }
  serve_(this, std::move(request_));
}

void UnaryCall::Answer(const grpc::Status& status, grpc::ByteBuffer response) {
  if (!status.ok()) {
    Finish(status);
    return;
  }
  response_ = std::move(response);
  StartWriteAndFinish(&response_, grpc::WriteOptions(), status);
}

}  // namespace hitl::grpc_api

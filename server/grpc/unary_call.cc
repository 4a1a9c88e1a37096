#include "server/grpc/unary_call.h"

#include <utility>

namespace hitl::grpc_api {

grpc::Status NoRequestMessage() {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      "the call ended before its request message arrived");
}

UnaryCall::UnaryCall(CallTracker::Ticket ticket, Serve serve)
    : ticket_(std::move(ticket)), serve_(std::move(serve)) {
  StartRead(&request_);
}

void UnaryCall::OnReadDone(bool ok) {
  if (!ok) {
    Finish(NoRequestMessage());
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

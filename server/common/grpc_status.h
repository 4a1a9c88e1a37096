// The one place where absl::Status becomes grpc::Status: same canonical code,
// same message, and a google.rpc.Status with one ErrorInfo in the details
// trailer so every client library can read the reason.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace hitl {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The inverse, for clients in this repository (hitlctl, tests): code and
// message, and the ErrorInfo back as a status payload.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace hitl

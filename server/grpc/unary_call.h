// The server side of HitlService's calls, on raw bytes and registered as
// streaming so that gRPC does not read a request before the service has
// looked at the call's metadata: a call without a valid API token is
// refused while its message is still on the wire (gRPC 1.51 cannot attach an
// auth metadata processor to plaintext credentials, and its typed callback
// handlers read the whole message first). A unary call reads its one
// message, is served, and answers one message or an error.
//
// Thread-safe: Answer may come from any thread.
#pragma once

#include <functional>

#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "server/grpc/call_tracker.h"

namespace hitl::grpc_api {

using RawReactor = grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>;

// What a call whose client half-closed (or went away) before sending its
// request message is answered.
grpc::Status NoRequestMessage();

// A call answered `status` before anything of it is read.
class RefusedCall final : public RawReactor {
 public:
  explicit RefusedCall(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

class UnaryCall final : public RawReactor {
 public:
  // Gets the request's bytes once they are in; must lead to Answer, once.
  using Serve = std::function<void(UnaryCall* call, grpc::ByteBuffer request)>;
  UnaryCall(CallTracker::Ticket ticket, Serve serve);

  // Ends the call: `response` is sent when `status` is OK.
  void Answer(const grpc::Status& status, grpc::ByteBuffer response);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  CallTracker::Ticket ticket_;
  Serve serve_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;  // outlives StartWriteAndFinish
};

}  // namespace hitl::grpc_api

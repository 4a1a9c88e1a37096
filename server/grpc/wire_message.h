// Messages of HitlService read from and written to the raw bytes of a call.
// The service parses requests itself (see unary_call.h) so that bytes which
// are not a valid message get INVALID_ARGUMENT naming the message, where
// gRPC's own handlers would answer UNIMPLEMENTED.
//
// Thread-safe: free functions only.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/proto_buffer_writer.h"
#include "server/common/errors.h"

namespace hitl::grpc_api {

// `bytes` as a `Message`; INVALID_ARGUMENT (REQUEST_UNREADABLE) if they are
// not one: truncated, not protobuf at all, or a string field that is not UTF-8.
template <typename Message>
absl::StatusOr<Message> ParseMessage(grpc::ByteBuffer& bytes) {
  Message message;
  if (bytes.Length() == 0) return message;  // every field at its default
  grpc::ProtoBufferReader reader(&bytes);
  if (!reader.status().ok() || !message.ParseFromZeroCopyStream(&reader)) {
    return MakeError(
        absl::StatusCode::kInvalidArgument, reason::kRequestUnreadable,
        absl::StrCat("the request's ", bytes.Length(), " bytes are not a valid ",
                     Message::descriptor()->full_name(),
                     " (truncated, not protobuf, or a string field that is not UTF-8); "
                     "send it with stubs generated from hitl.proto"));
  }
  return message;
}

// `message` serialized for the wire.
template <typename Message>
grpc::ByteBuffer SerializeMessage(const Message& message) {
  grpc::ByteBuffer bytes;
  bool own_buffer = false;
  // Fails only for a message over 2 GiB, which the gateway never builds.
  (void)grpc::SerializationTraits<Message>::Serialize(message, &bytes, &own_buffer);
  return bytes;
}

}  // namespace hitl::grpc_api

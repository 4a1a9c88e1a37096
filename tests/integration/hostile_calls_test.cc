// gRPC calls no stub would send (issue 9, defects 3 and 5): bytes that are
// not a valid message, requests over the size limit. Each gets a clear
// answer naming what is wrong, and the gateway goes on serving.
#include <future>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "tests/support/gateway_harness.h"

namespace hitl::testing {
namespace {

// Calls `method` of HitlService with `bytes` as the request, as they are.
grpc::Status CallWithBytes(int port, const std::string& method, const std::string& bytes) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, absl::StrCat("/hitl.v1.HitlService/", method), grpc::StubOptions(),
                 &request, &response, [&](grpc::Status status) { done.set_value(status); });
  return done.get_future().get();
}

// Field 1 of every request below is a string (the session id, or the user).
const std::string kTruncated = std::string("\x0a\x10", 2) + "cut short";
const std::string kNotProtobuf = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff";
const std::string kInvalidUtf8 = std::string("\x0a\x02\xc3\x28", 4);

TEST(HostileCalls, BytesThatAreNoMessageAreInvalidArgumentForEveryMethod) {
  GatewayHarness harness;
  for (const char* method :
       {"StartHitl", "SendMessage", "StopHitl", "GetSession", "SubscribeAgentEvents"}) {
    for (const std::string& bytes : {kTruncated, kNotProtobuf}) {
      grpc::Status status = CallWithBytes(harness.gateway().grpc_port(), method, bytes);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << method << ": " << status.error_message();
      EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), reason::kRequestUnreadable) << method;
      EXPECT_NE(status.error_message().find("hitl.v1."), std::string::npos)
          << status.error_message();
    }
  }
  // Invalid UTF-8 in a string field (GetSessionRequest.session_id).
  grpc::Status status = CallWithBytes(harness.gateway().grpc_port(), "GetSession", kInvalidUtf8);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), reason::kRequestUnreadable);

  // The gateway still answers a real call.
  grpc::ClientContext context;
  hitl::v1::GetSessionRequest request;
  request.set_session_id("no-such-session");
  hitl::v1::GetSessionResponse response;
  EXPECT_EQ(harness.stub().GetSession(&context, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST(HostileCalls, ARequestOverTheSizeLimitIsResourceExhausted) {
  GatewayHarness harness(std::map<std::string, std::string>{{"HITL_GRPC_MAX_REQUEST", "1MiB"}});
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id("u");
  request.set_request_id("too-big");
  for (int i = 0; i < 20; ++i) {
    auto* said = request.add_transcript();
    said->set_role(hitl::v1::AUTHOR_ROLE_USER);
    said->set_text(std::string(60'000, 'x'));  // each within its own limit
  }
  grpc::ClientContext context;
  hitl::v1::StartHitlResponse response;
  grpc::Status status = harness.stub().StartHitl(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();

  request.mutable_transcript()->DeleteSubrange(2, 18);  // 120 kB now
  grpc::ClientContext again;
  status = harness.stub().StartHitl(&again, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace hitl::testing

// What operators and meshes rely on over gRPC: health checking
// (grpc.health.v1) and server reflection, called with raw bytes so the test
// needs neither service's generated code.
#include "absl/synchronization/notification.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/client_callback.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_harness.h"

namespace hitl::testing {
namespace {

grpc::ByteBuffer Bytes(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string Text(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  for (const auto& slice : slices) out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return out;
}

std::shared_ptr<grpc::Channel> ChannelTo(GatewayHarness& harness) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", harness.gateway().grpc_port()),
                             grpc::InsecureChannelCredentials());
}

// One request and the first response of a bidirectional stream.
class OneExchange : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  OneExchange(grpc::GenericStub& stub, const std::string& method, const std::string& request)
      : request_(Bytes(request)) {
    stub.PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(), this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&response_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (ok) text_ = Text(response_);
  }
  void OnDone(const grpc::Status& status) override {
    status_ = status;
    done_.Notify();
  }
  std::string Wait() {
    done_.WaitForNotificationWithTimeout(absl::Seconds(10));
    return text_;
  }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::string text_;
  grpc::Status status_;
  absl::Notification done_;
};

TEST(Operations, HealthCheckingSaysServing) {
  GatewayHarness harness;
  grpc::GenericStub stub(ChannelTo(harness));
  grpc::ClientContext context;
  grpc::ByteBuffer request = Bytes(""), response;  // HealthCheckRequest{service: ""}
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) {
                   status = s;
                   done.Notify();
                 });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Text(response), std::string("\x08\x01", 2));  // status: SERVING
}

TEST(Operations, ReflectionListsTheHitlService) {
  GatewayHarness harness;
  grpc::GenericStub stub(ChannelTo(harness));
  // ServerReflectionRequest{list_services: ""} is field 7, empty string.
  OneExchange exchange(stub, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                       std::string("\x3a\x00", 2));
  std::string listed = exchange.Wait();
  EXPECT_NE(listed.find("hitl.v1.HitlService"), std::string::npos) << listed;
  EXPECT_NE(listed.find("grpc.health.v1.Health"), std::string::npos) << listed;
}

}  // namespace
}  // namespace hitl::testing

// Optional protections of the gRPC API: bearer tokens (HITL_API_TOKENS) and
// TLS (HITL_TLS_CERT/KEY).
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/common/grpc_status.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/self_signed_cert.h"

namespace hitl::testing {
namespace {

grpc::Status GetSession(hitl::v1::HitlService::Stub& stub, const std::string& token) {
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  hitl::v1::GetSessionRequest request;
  request.set_session_id("no-such-session");
  hitl::v1::GetSessionResponse response;
  return stub.GetSession(&context, request, &response);
}

TEST(ApiTokens, RefuseCallsWithoutAConfiguredTokenAndAcceptEachOfThem) {
  GatewayHarness harness(std::map<std::string, std::string>{{"HITL_API_TOKENS", "old-t, new-t"}});
  grpc::Status missing = GetSession(harness.stub(), "");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(missing)), "API_TOKEN_INVALID");
  EXPECT_EQ(GetSession(harness.stub(), "guess").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetSession(harness.stub(), "new-t").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetSession(harness.stub(), "old-t").error_code(), grpc::StatusCode::NOT_FOUND);

  hitl::v1::SubscribeAgentEventsRequest request;
  EventCollector stream(harness.stub(), request);  // no token
  EXPECT_EQ(stream.WaitForEnd().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST(GrpcTls, ServesGrpcOverTlsWithTheConfiguredCertificate) {
  TempDir certs;
  ASSERT_TRUE(WriteSelfSignedCert(certs.path()).ok());
  GatewayHarness harness(std::map<std::string, std::string>{
      {"HITL_TLS_CERT", certs.path() + "/cert.pem"}, {"HITL_TLS_KEY", certs.path() + "/key.pem"}});
  std::string address = absl::StrCat("127.0.0.1:", harness.gateway().grpc_port());

  std::stringstream root;
  root << std::ifstream(certs.path() + "/cert.pem").rdbuf();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = root.str();
  auto secure = hitl::v1::HitlService::NewStub(
      grpc::CreateChannel(address, grpc::SslCredentials(options)));
  EXPECT_EQ(GetSession(*secure, "").error_code(), grpc::StatusCode::NOT_FOUND);

  auto plaintext = hitl::v1::HitlService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  hitl::v1::GetSessionRequest request;
  request.set_session_id("x");
  hitl::v1::GetSessionResponse response;
  EXPECT_EQ(plaintext->GetSession(&context, request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace hitl::testing

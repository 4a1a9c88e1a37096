// The adapter speaks HTTPS with certificate verification: a server whose
// certificate no trusted CA signed is refused (and not retried), the same
// server is accepted once its CA is configured (LIVECHAT_CA_FILE).
#include <httplib.h>

#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/common/http_listen.h"
#include "server/livechat/httplib_transport.h"
#include "server/livechat/livechat_connection.h"
#include "server/livechat/livechat_status.h"
#include "tests/support/self_signed_cert.h"
#include "tests/support/test_files.h"

namespace hitl::testing {
namespace {

class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteSelfSignedCert(dir_.path()).ok());
    server_ = std::make_unique<httplib::SSLServer>((dir_.path() + "/cert.pem").c_str(),
                                                   (dir_.path() + "/key.pem").c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Post("/v3.5/configuration/action/list_groups",
                  [this](const httplib::Request& request, httplib::Response& response) {
                    ++calls_;
                    client_ports_.push_back(request.remote_port);
                    response.set_content(R"([{"id":7,"name":"Support"}])", "application/json");
                  });
    port_ = serving_.Start(*server_, "127.0.0.1", 0).value_or(-1);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override { serving_.Stop(); }
  livechat::LiveChatOptions Options() {
    livechat::LiveChatOptions options;
    options.api_url = "https://127.0.0.1:" + std::to_string(port_);
    options.agent_token = "token";
    return options;
  }

  TempDir dir_;
  std::unique_ptr<httplib::SSLServer> server_;
  BackgroundHttpServer serving_;  // after server_: stops before it goes
  int port_ = 0;
  std::atomic<int> calls_{0};
  std::vector<int> client_ports_;  // one request at a time in these tests
};

TEST_F(Tls, RefusesACertificateNoTrustedAuthoritySignedAndDoesNotRetry) {
  livechat::HttplibTransport transport({});
  livechat::LiveChatConnection connection(Options(), transport, RealClock::Instance(),
                                          livechat::DefaultJitter());
  auto groups = connection.ListGroups();
  EXPECT_EQ(groups.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(livechat::LiveChatErrorType(groups.status()), livechat::pseudo_type::kTlsFailed);
  EXPECT_NE(groups.status().message().find("certificate verification failed"), std::string::npos)
      << groups.status();
  EXPECT_EQ(calls_.load(), 0) << "nothing may be sent over an unverified connection";
}

TEST_F(Tls, TrustsTheServerWhoseCaIsConfigured) {
  livechat::HttplibTransport transport({.ca_file = dir_.path() + "/cert.pem"});
  livechat::LiveChatConnection connection(Options(), transport, RealClock::Instance(),
                                          livechat::DefaultJitter());
  auto groups = connection.ListGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_EQ(groups->at(0).id, 7);
  // The connection is kept alive and reused: same client port, one handshake.
  ASSERT_TRUE(connection.ListGroups().ok());
  ASSERT_EQ(calls_.load(), 2);
  EXPECT_EQ(client_ports_[0], client_ports_[1]);
}

}  // namespace
}  // namespace hitl::testing

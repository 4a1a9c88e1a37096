// HttpServer over real sockets: what slow, idle, half-sent and malformed
// connections get, and that they never hold up anyone else.
#include "server/common/http_server.h"

#include <atomic>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/support/eventually.h"
#include "tests/support/raw_connection.h"

namespace hitl::testing {
namespace {

constexpr char kGet[] = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";

class HttpServerTest : public ::testing::Test {
 protected:
  void Serve(HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(
        std::move(options),
        [this](HttpRequest& request) {
          ++handled_;
          HttpResponse response;
          response.body = absl::StrCat("{\"path\":\"", request.path, "\",\"bytes\":",
                                       request.body.size(), "}");
          return response;
        },
        [this](HttpRefusal refusal) { refusals_[static_cast<int>(refusal)]++; });
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }
  int Refusals(HttpRefusal refusal) { return refusals_[static_cast<int>(refusal)].load(); }
  // Sends `request` on a new connection; what came back until the peer closed.
  std::string Exchange(const std::string& request) {
    RawConnection connection(port_);
    EXPECT_TRUE(connection.Send(request));
    return connection.ReadUntilClosed().value_or("<no close>");
  }

  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::atomic<int> handled_{0};
  std::atomic<int> refusals_[5] = {};
};

TEST_F(HttpServerTest, AnswersKeepsAliveAndServesPipelinedRequests) {
  Serve();
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Send(absl::StrCat(kGet, kGet)));
  std::string answers = connection.ReadUntil("\"bytes\":0}HTTP/1.1 200 OK");
  EXPECT_NE(answers.find("HTTP/1.1 200"), std::string::npos) << answers;
  EXPECT_TRUE(Eventually([&] { return handled_ == 2; }));
  EXPECT_FALSE(connection.ClosedByPeer()) << answers;
}

TEST_F(HttpServerTest, CutsAConnectionThatSendsNothingAfterTheIdleTimeout) {
  Serve({.idle_timeout = absl::Milliseconds(200)});
  RawConnection connection(port_);
  EXPECT_TRUE(connection.ClosedByPeer(absl::Seconds(10)));
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, CutsARequestDrippedSlowerThanItsTotalDeadline) {
  // One byte every 20 ms never leaves the connection idle, but the whole
  // request (about 2 s at that pace) does not arrive within 300 ms.
  Serve({.request_timeout = absl::Milliseconds(300)});
  RawConnection connection(port_);
  const std::string request = absl::StrCat("POST /slow HTTP/1.1\r\nHost: x\r\nX-Pad: ",
                                           std::string(100, 'p'), "\r\n\r\n");
  const absl::Time began = absl::Now();
  bool cut = false;
  for (char byte : request) {
    if (!connection.Send(std::string(1, byte)) || connection.ClosedByPeer(absl::Milliseconds(20))) {
      cut = true;
      break;
    }
  }
  EXPECT_TRUE(cut || connection.ClosedByPeer(absl::Seconds(5)))
      << "still open after " << absl::Now() - began;
  EXPECT_EQ(handled_, 0);
  EXPECT_TRUE(Eventually([&] { return Refusals(HttpRefusal::kTimedOut) == 1; }));
}

TEST_F(HttpServerTest, HundredsOfStalledConnectionsDelayNoOtherRequest) {
  // Few threads, and 500 connections each holding a request half-sent:
  // with a thread per connection, nothing else would be answered.
  Serve({.threads = 2, .request_timeout = absl::Minutes(5)});
  std::vector<RawConnection> stalled;
  for (int i = 0; i < 500; ++i) {
    stalled.emplace_back(port_);
    ASSERT_TRUE(stalled.back().Send("POST /stalled HTTP/1.1\r\nContent-Length: 10\r\n\r\n12"));
  }
  ASSERT_TRUE(Eventually([&] { return server_->open_connections() == 500; }));
  const absl::Time began = absl::Now();
  std::string answer = Exchange("GET /ping HTTP/1.1\r\nConnection: close\r\n\r\n");
  const absl::Duration took = absl::Now() - began;
  EXPECT_EQ(HttpStatusOf(answer), 200) << answer;
  std::cout << "answered in " << took << " beside 500 stalled connections\n";
  for (auto& connection : stalled) EXPECT_FALSE(connection.ClosedByPeer());
}

TEST_F(HttpServerTest, RefusesAMalformedChunkHeaderWith400) {
  Serve();
  std::string answer = Exchange(
      "POST /hook HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz-not-hex\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(HttpStatusOf(answer), 400) << answer;
  EXPECT_NE(answer.find("malformed HTTP request"), std::string::npos) << answer;
  EXPECT_EQ(handled_, 0);
  EXPECT_EQ(Refusals(HttpRefusal::kMalformed), 1);
}

TEST_F(HttpServerTest, ReadsAWellFormedChunkedBody) {
  Serve();
  std::string answer = Exchange(
      "POST /hook HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(HttpStatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("\"bytes\":5"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, RefusesAGarbledRequestLineWith400) {
  Serve();
  std::string answer = Exchange("\x01\x02 not http\r\n\r\n");
  EXPECT_EQ(HttpStatusOf(answer), 400) << answer;
}

TEST_F(HttpServerTest, RefusesABodyOverTheLimitByContentLengthWithoutReadingIt) {
  Serve({.max_body_bytes = 1024});
  std::string answer = Exchange("POST /hook HTTP/1.1\r\nContent-Length: 1025\r\n\r\n");
  EXPECT_EQ(HttpStatusOf(answer), 413) << answer;
  EXPECT_NE(answer.find("body larger than the 1 KiB limit"), std::string::npos) << answer;
  EXPECT_EQ(Refusals(HttpRefusal::kBodyTooLarge), 1);
}

TEST_F(HttpServerTest, RefusesAChunkedBodyOnceItPassesTheLimit) {
  Serve({.max_body_bytes = 1024});
  std::string chunks;
  for (int i = 0; i < 3; ++i) absl::StrAppend(&chunks, "200\r\n", std::string(512, 'x'), "\r\n");
  std::string answer =
      Exchange(absl::StrCat("POST /hook HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", chunks));
  EXPECT_EQ(HttpStatusOf(answer), 413) << answer;
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, RefusesHeadersOverTheLimitWith431) {
  Serve({.max_header_bytes = 1024});
  std::string answer = Exchange(
      absl::StrCat("GET /ping HTTP/1.1\r\nX-Big: ", std::string(2048, 'h'), "\r\n\r\n"));
  EXPECT_EQ(HttpStatusOf(answer), 431) << answer;
}

TEST_F(HttpServerTest, AnswersExpectContinueBeforeTheBody) {
  Serve();
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Send(
      "POST /hook HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  std::string interim = connection.ReadUntil("\r\n\r\n");
  EXPECT_EQ(HttpStatusOf(interim), 100) << interim;
  ASSERT_TRUE(connection.Send("{}"));
  std::string answer = connection.ReadUntil("\"bytes\":2");
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, ClosesConnectionsOverTheLimitAtOnce) {
  Serve({.max_connections = 3});
  std::vector<RawConnection> held;
  for (int i = 0; i < 3; ++i) held.emplace_back(port_);
  ASSERT_TRUE(Eventually([&] { return server_->open_connections() == 3; }));
  RawConnection extra(port_);
  EXPECT_TRUE(extra.ClosedByPeer(absl::Seconds(10)));
  EXPECT_EQ(Refusals(HttpRefusal::kOverConnectionLimit), 1);
  held.clear();
  ASSERT_TRUE(Eventually([&] { return server_->open_connections() == 0; }));
  EXPECT_EQ(HttpStatusOf(Exchange("GET /ping HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
}

TEST_F(HttpServerTest, StopAnswersTheRequestInProgressAndClosesTheIdle) {
  absl::Notification entered, release;
  server_ = std::make_unique<HttpServer>(HttpServerOptions{}, [&](HttpRequest&) {
    entered.Notify();
    release.WaitForNotification();
    return HttpResponse{.status = 200, .body = "{}"};
  });
  auto port = server_->Start();
  ASSERT_TRUE(port.ok());
  RawConnection idle(*port), busy(*port);
  ASSERT_TRUE(busy.Send(kGet));
  entered.WaitForNotification();
  std::thread stopper([&] { server_->Stop(); });
  EXPECT_TRUE(idle.ClosedByPeer(absl::Seconds(10)));
  release.Notify();
  std::optional<std::string> answer = busy.ReadUntilClosed();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(HttpStatusOf(*answer), 200) << *answer;
  EXPECT_NE(answer->find("Connection: close"), std::string::npos) << *answer;
  stopper.join();
}

TEST_F(HttpServerTest, ReportsAPortInUse) {
  Serve();
  HttpServer second({.port = port_}, [](HttpRequest&) { return HttpResponse{}; });
  auto port = second.Start();
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(port.status().message().find("cannot listen on 127.0.0.1:"), std::string::npos);
}

}  // namespace
}  // namespace hitl::testing

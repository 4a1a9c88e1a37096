// Helpers for livechat-sim's tests: an in-process Simulator on 127.0.0.1:0
// with a real HTTP client, a webhook receiver (a small HTTP server on an
// ephemeral port), and polling with a deadline instead of
// sleeps.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/common/http_listen.h"
#include "server/livechat/wire/json_reader.h"
#include "tests/support/eventually.h"
#include "tools/livechat-sim/simulator.h"

namespace hitl::sim::testing {

using livechat::wire::Json;

// json[key] as a string; "" when `json` is no object or the member no string.
std::string StringAt(const Json& json, const std::string& key);

// Polling with a deadline (tests/support/eventually.h).
using ::hitl::testing::Eventually;

// One HTTP exchange's outcome; status 0 when there was no answer.
struct HttpResult {
  int status = 0;
  Json body;  // null if the body is not JSON
  httplib::Headers headers;
  std::string Header(const std::string& name) const;
  std::vector<std::string> Headers(const std::string& name) const;
};

// A customer token grant's outcome.
struct CustomerGrant {
  HttpResult http;
  std::string access_token;
  std::string customer_id;
  std::string cookie_header;  // "__lc_cid=..; __lc_cst=.." from Set-Cookie
};

// The default agent token of SimulatorOptions.
std::string DefaultAgentToken();
// Options for tests: fast webhook retries and timeouts.
SimulatorOptions TestOptions();

// Starts a Simulator in SetUp and talks to it over real HTTP.
class SimTest : public ::testing::Test {
 protected:
  // Override to change what the simulator starts with.
  virtual SimulatorOptions Options() { return TestOptions(); }

  void SetUp() override;
  void TearDown() override;

  HttpResult Post(const std::string& path, const Json& body, const httplib::Headers& headers = {});
  HttpResult PostRaw(const std::string& path, const std::string& body,
                     const httplib::Headers& headers = {});
  HttpResult Get(const std::string& path);
  HttpResult Delete(const std::string& path);

  // Agent Chat API with the default token (Basic).
  HttpResult Agent(const std::string& action, const Json& body);
  // Customer Chat API as the holder of `token`.
  HttpResult Customer(const std::string& token, const std::string& action, const Json& body);
  HttpResult Configuration(const std::string& action, const Json& body);
  // A cookie grant; with `cookie_header`, for that customer.
  CustomerGrant Token(const std::string& cookie_header = "");

  // A new customer in a new chat of group 7 routed to an agent: the chat id.
  std::string StartRoutedChat(const CustomerGrant& customer);

  std::unique_ptr<Simulator> sim_;
  std::unique_ptr<httplib::Client> client_;
  std::string organization_id_;
  std::string client_id_;
};

// Receives webhooks: records every body in arrival order and answers the
// status the responder picks (200 by default).
class WebhookReceiver {
 public:
  using Responder = std::function<int(const Json& envelope)>;

  WebhookReceiver();
  ~WebhookReceiver();

  // "http://127.0.0.1:<port>/hook"
  std::string url() const;
  void SetResponder(Responder responder);
  std::vector<Json> Received() const;
  // Bodies of `action` received so far.
  std::vector<Json> ReceivedOf(const std::string& action) const;
  bool WaitForCount(size_t count, absl::Duration timeout = absl::Seconds(5)) const;

 private:
  httplib::Server server_;
  BackgroundHttpServer serving_;  // after server_: stops before it goes
  int port_ = 0;
  mutable absl::Mutex mu_;
  Responder responder_ ABSL_GUARDED_BY(mu_);
  std::vector<Json> received_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::sim::testing

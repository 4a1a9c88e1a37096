#include "tests/sim/sim_test_support.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/livechat/wire/accounts.h"

namespace hitl::sim::testing {
namespace {

HttpResult ToResult(const httplib::Result& result) {
  HttpResult out;
  if (!result) return out;
  out.status = result->status;
  out.headers = result->headers;
  auto json = livechat::wire::ParseJson(result->body);
  if (json.ok()) out.body = *json;
  return out;
}

}  // namespace

std::string StringAt(const Json& json, const std::string& key) {
  if (!json.is_object()) return "";
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::vector<std::string> HttpResult::Headers(const std::string& name) const {
  std::vector<std::string> out;
  auto range = headers.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::string DefaultAgentToken() { return SimulatorOptions().agent_token; }

SimulatorOptions TestOptions() {
  SimulatorOptions options;
  options.webhook_retry_delays = {absl::Milliseconds(50), absl::Milliseconds(100),
                                  absl::Milliseconds(200)};
  options.webhook_timeout = absl::Seconds(2);
  options.auto_agent_delay = absl::Milliseconds(20);
  options.server_threads = 8;
  return options;
}

void SimTest::SetUp() {
  SimulatorOptions options = Options();
  organization_id_ = options.organization_id;
  client_id_ = options.client_id;
  sim_ = std::make_unique<Simulator>(std::move(options));
  absl::Status started = sim_->Start();
  ASSERT_TRUE(started.ok()) << started;
  client_ = std::make_unique<httplib::Client>("127.0.0.1", sim_->port());
  client_->set_tcp_nodelay(true);
  client_->set_keep_alive(true);
  client_->set_read_timeout(10, 0);
}

void SimTest::TearDown() {
  client_.reset();
  if (sim_) sim_->Stop();
}

HttpResult SimTest::PostRaw(const std::string& path, const std::string& body,
                            const httplib::Headers& headers) {
  return ToResult(client_->Post(path.c_str(), headers, body, "application/json"));
}

HttpResult SimTest::Post(const std::string& path, const Json& body,
                         const httplib::Headers& headers) {
  return PostRaw(path, body.dump(), headers);
}

HttpResult SimTest::Get(const std::string& path) { return ToResult(client_->Get(path.c_str())); }

HttpResult SimTest::Delete(const std::string& path) {
  return ToResult(client_->Delete(path.c_str()));
}

HttpResult SimTest::Agent(const std::string& action, const Json& body) {
  return Post(absl::StrCat("/v3.5/agent/action/", action), body,
              {{"Authorization", absl::StrCat("Basic ", DefaultAgentToken())}});
}

HttpResult SimTest::Customer(const std::string& token, const std::string& action,
                             const Json& body) {
  return Post(absl::StrCat("/v3.5/customer/action/", action, "?organization_id=", organization_id_),
              body, {{"Authorization", absl::StrCat("Bearer ", token)}});
}

HttpResult SimTest::Configuration(const std::string& action, const Json& body) {
  return Post(absl::StrCat("/v3.5/configuration/action/", action), body,
              {{"Authorization", absl::StrCat("Basic ", DefaultAgentToken())}});
}

CustomerGrant SimTest::Token(const std::string& cookie_header) {
  httplib::Headers headers;
  if (!cookie_header.empty()) headers.emplace("Cookie", cookie_header);
  CustomerGrant grant;
  grant.http = Post("/v2/customer/token",
                    Json{{"grant_type", "cookie"},
                         {"client_id", client_id_},
                         {"organization_id", organization_id_},
                         {"response_type", "token"}},
                    headers);
  if (grant.http.status != 200) return grant;
  grant.access_token = StringAt(grant.http.body, "access_token");
  grant.customer_id = StringAt(grant.http.body, "entity_id");
  livechat::wire::CustomerCookies cookies;
  livechat::wire::ApplySetCookies(grant.http.Headers("Set-Cookie"), cookies);
  if (cookies.complete()) grant.cookie_header = livechat::wire::CookieHeader(cookies);
  return grant;
}

std::string SimTest::StartRoutedChat(const CustomerGrant& customer) {
  HttpResult started = Agent(
      "start_chat", Json{{"chat",
                          {{"access", {{"group_ids", {7}}}},
                           {"users", {{{"id", customer.customer_id}, {"type", "customer"}}}}}},
                         {"continuous", true}});
  EXPECT_EQ(started.status, 200) << started.body;
  std::string chat_id = StringAt(started.body, "chat_id");
  HttpResult transferred =
      Agent("transfer_chat", Json{{"id", chat_id},
                                  {"target", {{"type", "group"}, {"ids", {7}}}},
                                  {"ignore_agents_availability", true},
                                  {"ignore_requester_presence", true}});
  EXPECT_EQ(transferred.status, 200) << transferred.body;
  return chat_id;
}

WebhookReceiver::WebhookReceiver() {
  server_.new_task_queue = [] { return new httplib::ThreadPool(8); };
  server_.set_tcp_nodelay(true);
  server_.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
    auto json = livechat::wire::ParseJson(request.body);
    Json envelope = json.ok() ? *json : Json();
    Responder responder;
    {
      absl::MutexLock lock(&mu_);
      received_.push_back(envelope);
      responder = responder_;
    }
    response.status = responder ? responder(envelope) : 200;
    response.set_content("{}", "application/json");
  });
  port_ = serving_.Start(server_, "127.0.0.1", 0, absl::Seconds(5)).value_or(-1);
}

WebhookReceiver::~WebhookReceiver() { serving_.Stop(); }

std::string WebhookReceiver::url() const {
  return absl::StrCat("http://127.0.0.1:", port_, "/hook");
}

void WebhookReceiver::SetResponder(Responder responder) {
  absl::MutexLock lock(&mu_);
  responder_ = std::move(responder);
}

std::vector<Json> WebhookReceiver::Received() const {
  absl::MutexLock lock(&mu_);
  return received_;
}

std::vector<Json> WebhookReceiver::ReceivedOf(const std::string& action) const {
  std::vector<Json> out;
  for (const Json& body : Received()) {
    if (StringAt(body, "action") == action) out.push_back(body);
  }
  return out;
}

bool WebhookReceiver::WaitForCount(size_t count, absl::Duration timeout) const {
  return Eventually([&] { return Received().size() >= count; }, timeout);
}

}  // namespace hitl::sim::testing

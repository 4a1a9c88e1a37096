// Integration tests of the simulated accounts service (cookie grant).
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/accounts.h"
#include "server/livechat/wire/api_error.h"
#include "tests/sim/sim_test_support.h"

namespace hitl::sim::testing {
namespace {

namespace wire = livechat::wire;

using SimAccounts = SimTest;

TEST_F(SimAccounts, NewCustomerGetsATokenAndBothCookies) {
  CustomerGrant grant = Token();
  ASSERT_EQ(grant.http.status, 200) << grant.http.body;
  auto response = wire::ParseCustomerTokenResponse(grant.http.body);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_TRUE(absl::StartsWith(response->access_token, "dal:"));
  EXPECT_EQ(response->expires_in, 28800);
  EXPECT_EQ(response->token_type, "Bearer");
  EXPECT_EQ(response->organization_id, organization_id_);
  std::vector<std::string> cookies = grant.http.Headers("Set-Cookie");
  ASSERT_EQ(cookies.size(), 2u);
  wire::CustomerCookies parsed;
  wire::ApplySetCookies(cookies, parsed);
  EXPECT_EQ(parsed.customer_id, response->entity_id);  // __lc_cid is the customer id
  EXPECT_FALSE(parsed.secret.empty());
  for (const std::string& cookie : cookies) EXPECT_TRUE(absl::StrContains(cookie, "HttpOnly"));
}

TEST_F(SimAccounts, CookiesKeepTheSameCustomer) {
  CustomerGrant first = Token();
  CustomerGrant second = Token(first.cookie_header);
  ASSERT_EQ(second.http.status, 200);
  EXPECT_EQ(second.customer_id, first.customer_id);
  EXPECT_NE(second.access_token, first.access_token);
  // Both tokens stay valid until they expire.
  EXPECT_EQ(Customer(first.access_token, "get_customer", Json::object()).status, 200);
  EXPECT_EQ(Customer(second.access_token, "get_customer", Json::object()).status, 200);
}

TEST_F(SimAccounts, MissingOrForgedCookiesMakeANewCustomer) {
  CustomerGrant first = Token();
  EXPECT_NE(Token().customer_id, first.customer_id);
  std::string forged = "__lc_cid=" + first.customer_id + "; __lc_cst=00000000";
  EXPECT_NE(Token(forged).customer_id, first.customer_id);
  EXPECT_NE(Token("__lc_cid=" + first.customer_id).customer_id, first.customer_id);
}

TEST_F(SimAccounts, RefusesWrongClientOrganizationAndGrant) {
  struct Case {
    Json body;
    std::string exception;
  };
  const Json good = {{"grant_type", "cookie"},
                     {"client_id", client_id_},
                     {"organization_id", organization_id_},
                     {"response_type", "token"}};
  auto with = [&good](const std::string& key, const Json& value) {
    Json body = good;
    if (value.is_null()) {
      body.erase(key);
    } else {
      body[key] = value;
    }
    return body;
  };
  for (const Case& c : std::vector<Case>{
           {with("client_id", "0000000000000000000000000000dead"), "unauthorized_client"},
           {with("organization_id", "other-org"), "invalid_request"},
           {with("organization_id", nullptr), "invalid_request"},
           {with("grant_type", "agent_token"), "unsupported_grant_type"},
           {with("grant_type", nullptr), "invalid_request"},
           {with("client_id", 42), "invalid_request"}}) {
    HttpResult result = Post("/v2/customer/token", c.body);
    EXPECT_EQ(result.status, 401) << c.body;
    auto error = wire::ParseOAuthError(result.body.dump());
    ASSERT_TRUE(error) << result.body;
    EXPECT_EQ(error->exception, c.exception) << c.body;
    EXPECT_FALSE(error->description.empty());
  }
  HttpResult not_json = PostRaw("/v2/customer/token", "grant_type=cookie");
  EXPECT_EQ(not_json.status, 401);
  EXPECT_EQ(not_json.body["oauth_exception"], "invalid_request");
}

}  // namespace
}  // namespace hitl::sim::testing

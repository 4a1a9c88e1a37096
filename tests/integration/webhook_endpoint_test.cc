// The webhook listener over real HTTP: status codes LiveChat acts on, and
// the health, readiness and metrics endpoints.
#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/gateway_harness.h"
#include "tests/support/hostile_json.h"
#include "tests/support/raw_connection.h"
#include "tests/support/store_kind.h"
#include "tests/support/test_files.h"

namespace hitl::testing {
namespace {

using Json = nlohmann::json;

class WebhookEndpoint : public ::testing::TestWithParam<StoreKind> {
 protected:
  WebhookEndpoint() : client_("127.0.0.1", harness_.webhook_port()) {}
  httplib::Result Post(const std::string& body) {
    return client_.Post("/livechat/webhook", body, "application/json");
  }
  Json Sample(const std::string& name) {
    Json body = Json::parse(ReadSample(name));
    body["secret_key"] = kHarnessSecret;
    body["organization_id"] = kSimOrganization;
    return body;
  }
  // /healthz and an ordinary webhook (the sample `name`) still get 200.
  void ExpectStillServing(const std::string& name) {
    auto health = client_.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    auto ordinary = Post(Sample(name).dump());
    ASSERT_TRUE(ordinary);
    EXPECT_EQ(ordinary->status, 200);
  }

  GatewayHarness harness_{{.store = GetParam()}};
  httplib::Client client_;
};

TEST_P(WebhookEndpoint, RefusesAWrongSecretWith401AndNeverEchoesIt) {
  Json body = Sample("webhook.chat_deactivated.json");
  body["secret_key"] = "guessed-secret";
  auto response = Post(body.dump());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(response->body.find("guessed-secret"), std::string::npos);
  EXPECT_EQ(response->body.find(kHarnessSecret), std::string::npos);
}

TEST_P(WebhookEndpoint, RefusesMalformedBodiesWith400AndAReason) {
  auto response = Post("{not json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  Json body = Sample("webhook.incoming_event.message_from_agent.json");
  body["payload"]["event"].erase("id");
  response = Post(body.dump());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("payload.event.id"), std::string::npos);
}

TEST_P(WebhookEndpoint, RefusesJsonNestedTooDeepWith400AndKeepsServing) {
  const std::vector<std::pair<std::string, std::string>> places = {
      {"webhook.incoming_event.message_from_agent.json", "/payload/extra"},
      {"webhook.incoming_event.message_from_agent.json", "/additional_data"},
      {"webhook.incoming_event.message_from_agent.json", "/payload/event/properties"},
      {"webhook.chat_transferred.json", "/payload/extra"}};  // its payload is hashed
  for (const auto& [sample, pointer] : places) {
    Json body = Sample(sample);
    body[Json::json_pointer(pointer)] = kDeepMarker;
    auto response = Post(NestInto(body.dump(), 100000));  // 200 kB: under the size limit
    ASSERT_TRUE(response) << pointer << ": no answer (did the gateway crash?)";
    EXPECT_EQ(response->status, 400) << pointer;
    EXPECT_NE(response->body.find("nests deeper than 64 levels"), std::string::npos) << pointer;
  }
  ExpectStillServing("webhook.incoming_event.message_from_agent.json");
}

TEST_P(WebhookEndpoint, RefusesBodiesOverOneMebibyteWith413) {
  Json body = Sample("webhook.incoming_event.message_from_agent.json");
  body["payload"]["event"]["text"] = std::string(1 << 20, 'x');
  auto response = Post(body.dump());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_P(WebhookEndpoint, RefusesChunkedBodiesOverTheLimitWithoutBufferingThem) {
  // Without Content-Length (chunked), 3 MiB in 64 KiB chunks.
  const std::string chunk(64 * 1024, 'x');
  size_t sent = 0;
  auto response = client_.Post(
      "/livechat/webhook",
      [&](size_t, httplib::DataSink& sink) {
        if (sent >= (3u << 20)) {
          sink.done();
          return true;
        }
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      },
      "application/json");
  // The gateway stops reading at the limit and answers 413; a client still
  // sending may see the connection reset before it reads that answer.
  if (response) EXPECT_EQ(response->status, 413);
  auto metrics = client_.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("outcome=\"too_large\"} 1"), std::string::npos) << metrics->body;
  // A small chunked body is read normally.
  std::string small = Sample("webhook.incoming_chat.json").dump();
  bool done = false;
  response = client_.Post(
      "/livechat/webhook",
      [&](size_t, httplib::DataSink& sink) {
        if (!done) sink.write(small.data(), small.size());
        done ? sink.done() : void();
        done = true;
        return true;
      },
      "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_P(WebhookEndpoint, AcceptsOtherActionsAndOtherChatsWithoutKeepingThem) {
  auto response = Post(Sample("webhook.incoming_chat.json").dump());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("not_consumed"), std::string::npos);
  response = Post(Sample("webhook.incoming_event.message_from_agent.json").dump());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("not_a_session"), std::string::npos);
}

TEST_P(WebhookEndpoint, AnswersHealthReadinessAndMetrics) {
  auto health = client_.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = client_.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  Post("{");
  auto metrics = client_.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("hitl_webhooks_total{outcome=\"malformed\"} 1"),
            std::string::npos);
}

TEST_P(WebhookEndpoint, RefusesAMalformedChunkHeaderWith400InsteadOfProcessingIt) {
  const std::string body = Sample("webhook.incoming_chat.json").dump();
  RawConnection connection(harness_.webhook_port());
  ASSERT_TRUE(connection.Send(absl::StrCat(
      "POST /livechat/webhook HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
      "not-a-size\r\n", body, "\r\n0\r\n\r\n")));
  std::optional<std::string> answer = connection.ReadUntilClosed();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(HttpStatusOf(*answer), 400) << *answer;
  auto metrics = client_.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("reason=\"malformed_http\"} 1"), std::string::npos) << metrics->body;
  EXPECT_EQ(metrics->body.find("outcome=\"not_consumed\""), std::string::npos) << metrics->body;
}

TEST_P(WebhookEndpoint, StalledConnectionsHoldUpNeitherWebhooksNorHealth) {
  // More half-sent requests than the listener has threads (16), all kept
  // open: a legitimate webhook and /healthz are still answered.
  std::vector<RawConnection> stalled;
  for (int i = 0; i < 200; ++i) {
    stalled.emplace_back(harness_.webhook_port());
    ASSERT_TRUE(stalled.back().Send(
        "POST /livechat/webhook HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"act"));
  }
  client_.set_read_timeout(std::chrono::seconds(5));
  ExpectStillServing("webhook.incoming_chat.json");
  for (auto& connection : stalled) EXPECT_FALSE(connection.ClosedByPeer());
}

TEST_P(WebhookEndpoint, AnswersAWrongMethodWith405AndAnUnknownPathWith404) {
  auto response = client_.Get("/livechat/webhook");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->get_header_value("Allow"), "POST");
  response = client_.Get("/nowhere");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_NE(response->body.find("no such path"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(, WebhookEndpoint, EveryStore(), StoreName);

}  // namespace
}  // namespace hitl::testing

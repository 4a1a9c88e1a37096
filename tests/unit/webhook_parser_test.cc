// Webhook parsing and verification against every webhook sample LiveChat's
// documentation gives (../shared/livechat/samples), and against bad input.
#include "server/webhook/webhook_parser.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/hostile_json.h"
#include "tests/support/test_files.h"

namespace hitl::webhook {
namespace {

using nlohmann::json;
namespace wire = livechat::wire;

constexpr char kSecret[] = "s3cr3t-Shared-With-LiveChat-Console";

json Sample(const std::string& name) { return json::parse(testing::ReadSample(name)); }

TEST(WebhookParser, ReadsAnAgentMessage) {
  auto parsed = ParseWebhook(Sample("webhook.incoming_event.message_from_agent.json").dump(),
                             kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->action, "incoming_event");
  EXPECT_EQ(parsed->organization_id, "390e44e6-f1e6-4c8c-9d5b-74a14508c2e1");
  const auto& payload = std::get<wire::IncomingEventPayload>(parsed->payload);
  EXPECT_EQ(payload.chat_id, "RZ4K8Q2M7T");
  EXPECT_EQ(payload.event.author_id, "jane.doe@example.com");
  EXPECT_EQ(payload.event.text, "Hi! I'm Jane from support. Let me check your order.");
  EXPECT_EQ(parsed->dedup_key, "incoming_event/RZ4K8Q2M7T/RZ4K8Q2M8A_5");
}

TEST(WebhookParser, ReadsAFileEventTheBotpressSchemaDrops) {
  auto parsed = ParseWebhook(Sample("webhook.incoming_event.file.json").dump(), kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& event = std::get<wire::IncomingEventPayload>(parsed->payload).event;
  EXPECT_EQ(event.type, "file");
  EXPECT_EQ(event.name, "return-label.png");
  EXPECT_EQ(event.content_type, "image/png");
  EXPECT_EQ(event.size, 48211);
  EXPECT_EQ(event.alternative_text, "Return shipping label");
}

TEST(WebhookParser, ReadsASystemMessageWithoutAuthor) {
  auto parsed = ParseWebhook(Sample("webhook.incoming_event.system_message.json").dump(),
                             kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& event = std::get<wire::IncomingEventPayload>(parsed->payload).event;
  EXPECT_EQ(event.system_message_type, "chat_transferred");
  EXPECT_TRUE(event.author_id.empty());
}

TEST(WebhookParser, ReadsChatDeactivated) {
  auto parsed = ParseWebhook(Sample("webhook.chat_deactivated.json").dump(), kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& payload = std::get<wire::ChatDeactivatedPayload>(parsed->payload);
  EXPECT_EQ(payload.thread_id, "RZ4K8Q2M8A");
  EXPECT_EQ(payload.user_id, "jane.doe@example.com");
  EXPECT_EQ(parsed->dedup_key, "chat_deactivated/RZ4K8Q2M7T/RZ4K8Q2M8A");
}

TEST(WebhookParser, ReadsChatDeactivatedByTheRouterWithoutUser) {
  json body = Sample("webhook.chat_deactivated.json");
  body["payload"].erase("user_id");
  auto parsed = ParseWebhook(body.dump(), kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(std::get<wire::ChatDeactivatedPayload>(parsed->payload).user_id.empty());
}

TEST(WebhookParser, ReadsAnAssigningTransfer) {
  auto parsed = ParseWebhook(Sample("webhook.chat_transferred.json").dump(), kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& payload = std::get<wire::ChatTransferredPayload>(parsed->payload);
  EXPECT_EQ(payload.agent_ids, std::vector<std::string>{"jane.doe@example.com"});
  EXPECT_EQ(payload.group_ids, std::vector<int64_t>{7});
  EXPECT_EQ(payload.reason, "manual");
  EXPECT_FALSE(payload.queue.has_value());
}

TEST(WebhookParser, ReadsAQueuedGroupOnlyTransfer) {
  auto parsed = ParseWebhook(Sample("webhook.chat_transferred.queued.json").dump(), kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& payload = std::get<wire::ChatTransferredPayload>(parsed->payload);
  EXPECT_TRUE(payload.agent_ids.empty());
  ASSERT_TRUE(payload.queue.has_value());
  EXPECT_EQ(payload.queue->position, 3);
  EXPECT_EQ(payload.queue->wait_time, 240);
  EXPECT_EQ(payload.queue->queued_at, "2025-06-12T09:15:57.902311Z");
}

TEST(WebhookParser, AcceptsTheQueuedAtUsSpellingOfTheWebhookDocs) {
  json body = Sample("webhook.chat_transferred.queued.json");
  body["payload"]["queue"]["queued_at_us"] = body["payload"]["queue"]["queued_at"];
  body["payload"]["queue"].erase("queued_at");
  auto parsed = ParseWebhook(body.dump(), kSecret);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(std::get<wire::ChatTransferredPayload>(parsed->payload).queue->queued_at,
            "2025-06-12T09:15:57.902311Z");
}

TEST(WebhookParser, AcceptsActionsItDoesNotConsumeWithoutReadingThem) {
  for (const char* name : {"webhook.incoming_chat.json", "webhook.user_added_to_chat.json",
                           "webhook.chat_access_updated.json"}) {
    auto parsed = ParseWebhook(Sample(name).dump(), kSecret);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status();
    EXPECT_FALSE(parsed->consumed()) << name;
  }
}

TEST(WebhookParser, ToleratesFieldsLiveChatMayAddLater) {
  json body = Sample("webhook.chat_transferred.json");
  body["brand_new_envelope_field"] = {1, 2};
  body["payload"]["brand_new_payload_field"] = "x";
  body["payload"]["transferred_to"]["brand_new"] = true;
  EXPECT_TRUE(ParseWebhook(body.dump(), kSecret).ok());
}

TEST(WebhookParser, RejectsAWrongSecretWithoutEchoingEitherSecret) {
  json body = Sample("webhook.incoming_event.message_from_agent.json");
  body["secret_key"] = "attacker-guess";
  auto parsed = ParseWebhook(body.dump(), kSecret);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(parsed.status().message().find("attacker-guess"), std::string::npos);
  EXPECT_EQ(parsed.status().message().find(kSecret), std::string::npos);
}

TEST(WebhookParser, RejectsAMissingOrNonStringSecret) {
  json body = Sample("webhook.chat_deactivated.json");
  body.erase("secret_key");
  EXPECT_EQ(ParseWebhook(body.dump(), kSecret).status().code(),
            absl::StatusCode::kUnauthenticated);
  body["secret_key"] = 12;
  EXPECT_EQ(ParseWebhook(body.dump(), kSecret).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(WebhookParser, RejectsASecretThatIsOnlyAPrefix) {
  json body = Sample("webhook.chat_deactivated.json");
  body["secret_key"] = std::string(kSecret).substr(0, 5);
  EXPECT_EQ(ParseWebhook(body.dump(), kSecret).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(WebhookParser, RefusesJsonNestedTooDeepWhereverItIs) {
  const std::vector<std::pair<std::string, std::string>> places = {
      {"webhook.incoming_event.message_from_agent.json", "/payload/extra"},
      {"webhook.incoming_event.message_from_agent.json", "/additional_data"},
      {"webhook.incoming_event.message_from_agent.json", "/payload/event/properties"},
      {"webhook.chat_transferred.json", "/payload/extra"}};
  for (const auto& [sample, pointer] : places) {
    json body = Sample(sample);
    body[json::json_pointer(pointer)] = testing::kDeepMarker;
    auto parsed = ParseWebhook(testing::NestInto(body.dump(), 100000), kSecret);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << pointer;
    EXPECT_EQ(parsed.status().message(), "body: JSON nests deeper than 64 levels") << pointer;
  }
  // Nesting LiveChat could send in a field the gateway ignores still parses.
  json body = Sample("webhook.incoming_event.message_from_agent.json");
  body["payload"]["extra"] = testing::kDeepMarker;
  EXPECT_TRUE(ParseWebhook(testing::NestInto(body.dump(), 20), kSecret).ok());
}

TEST(WebhookParser, RejectsMalformedBodies) {
  for (const char* body : {"", "{", "not json", "[1,2]", "\"text\"", "null"}) {
    auto parsed = ParseWebhook(body, kSecret);
    EXPECT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

TEST(WebhookParser, NamesTheMissingRequiredField) {
  struct Case {
    const char* sample;
    std::vector<std::string> path;
    const char* expected;
  };
  for (const Case& c : std::vector<Case>{
           {"webhook.incoming_event.message_from_agent.json", {"payload", "chat_id"}, "payload.chat_id"},
           {"webhook.incoming_event.message_from_agent.json", {"payload", "event", "id"}, "payload.event.id"},
           {"webhook.incoming_event.message_from_agent.json", {"payload", "event", "text"}, "payload.event.text"},
           {"webhook.incoming_event.file.json", {"payload", "event", "url"}, "payload.event.url"},
           {"webhook.chat_deactivated.json", {"payload", "thread_id"}, "payload.thread_id"},
           {"webhook.chat_transferred.json", {"payload", "transferred_to"}, "payload.transferred_to"},
           {"webhook.chat_transferred.json", {"action"}, "action"},
           {"webhook.chat_transferred.json", {"organization_id"}, "organization_id"},
           {"webhook.chat_transferred.json", {"payload"}, "payload"},
       }) {
    json body = Sample(c.sample);
    json* parent = &body;
    for (size_t i = 0; i + 1 < c.path.size(); ++i) parent = &(*parent)[c.path[i]];
    parent->erase(c.path.back());
    auto parsed = ParseWebhook(body.dump(), kSecret);
    ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << c.expected;
    EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos)
        << parsed.status().message();
  }
}

TEST(WebhookParser, RejectsFieldsOfTheWrongType) {
  json body = Sample("webhook.chat_transferred.json");
  body["payload"]["transferred_to"]["group_ids"] = {"seven"};
  auto parsed = ParseWebhook(body.dump(), kSecret);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("payload.transferred_to.group_ids"),
            std::string::npos);
}

TEST(WebhookParser, GivesARedeliveredTransferTheSameHashAndAnotherTransferAnother) {
  json body = Sample("webhook.chat_transferred.json");
  auto first = ParseWebhook(body.dump(), kSecret);
  // Same content, keys in another order: still the same delivery.
  auto again = ParseWebhook(json::parse(body.dump()).dump(2), kSecret);
  body["payload"]["transferred_to"]["agent_ids"] = {"john.roe@example.com"};
  auto other = ParseWebhook(body.dump(), kSecret);
  ASSERT_TRUE(first.ok() && again.ok() && other.ok());
  EXPECT_FALSE(first->content_hash.empty());
  EXPECT_EQ(first->content_hash, again->content_hash);
  EXPECT_NE(first->content_hash, other->content_hash);
  EXPECT_TRUE(first->dedup_key.empty());  // transfers carry no id
}

}  // namespace
}  // namespace hitl::webhook

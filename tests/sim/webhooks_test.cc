// Integration tests of webhook delivery: envelope, order, retries,
// duplicates, timeouts, and runtime configuration.
#include "server/livechat/wire/webhooks.h"

#include <atomic>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/sim/sim_test_support.h"
#include "tests/support/test_files.h"

namespace hitl::sim::testing {
namespace {

namespace wire = livechat::wire;

// A sample of ../shared/livechat/samples (the HITL_SAMPLES_DIR setting), parsed.
Json LoadSample(const std::string& name) {
  auto json = wire::ParseJson(::hitl::testing::ReadSample(name));
  EXPECT_TRUE(json.ok()) << "cannot read the sample " << name
                         << " (configure with -DHITL_SAMPLES_DIR=<samples directory>)";
  return json.ok() ? *json : Json::object();
}

std::set<std::string> Keys(const Json& object) {
  std::set<std::string> keys;
  if (object.is_object()) {
    for (const auto& [key, value] : object.items()) keys.insert(key);
  }
  return keys;
}

// payload.event.text of an incoming_event; "" for other webhooks.
std::string EventText(const Json& envelope) {
  if (!envelope.is_object() || !envelope.contains("payload")) return "";
  const Json& payload = envelope.at("payload");
  if (!payload.is_object() || !payload.contains("event")) return "";
  return StringAt(payload.at("event"), "text");
}

// "<thread>_<n>" -> n
int EventNumber(const std::string& event_id) {
  int n = -1;
  EXPECT_TRUE(absl::SimpleAtoi(event_id.substr(event_id.rfind('_') + 1), &n)) << event_id;
  return n;
}

class SimWebhooks : public SimTest {
 protected:
  SimulatorOptions Options() override {
    SimulatorOptions options = TestOptions();
    options.webhook_urls = {receiver_.url()};
    return options;
  }
  HttpResult AgentMessage(const std::string& chat_id, const std::string& text) {
    return Post("/sim/chats/" + chat_id + "/agent_message", Json{{"text", text}});
  }
  Json Deliveries() { return Get("/sim/webhooks").body["deliveries"]; }
  Json Unsettled() { return Get("/sim/webhooks/unsettled").body["unsettled"]; }

  WebhookReceiver receiver_;
};

TEST_F(SimWebhooks, EnvelopeCarriesSecretOrganizationAndAdditionalData) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  ASSERT_EQ(Customer(customer.access_token, "send_event",
                     Json{{"chat_id", chat_id}, {"event", {{"type", "message"}, {"text", "hi"}}}})
                .status,
            200);
  ASSERT_EQ(AgentMessage(chat_id, "Hello from Jane").status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(3));
  std::vector<Json> bodies = receiver_.Received();
  // incoming_chat is not subscribed by default.
  EXPECT_EQ(bodies[0]["action"], "chat_transferred");
  auto envelope = wire::ParseWebhookEnvelope(bodies[2]);
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_EQ(envelope->secret_key, "sim-webhook-secret");
  EXPECT_EQ(envelope->organization_id, organization_id_);
  EXPECT_EQ(envelope->action, "incoming_event");
  EXPECT_EQ(envelope->webhook_id, StringAt(bodies[1], "webhook_id"));  // same action
  EXPECT_NE(envelope->webhook_id, StringAt(bodies[0], "webhook_id"));

  auto from_customer = wire::ParseIncomingEventPayload(bodies[1]["payload"]);
  ASSERT_TRUE(from_customer.ok()) << from_customer.status();
  EXPECT_EQ(from_customer->event.author_id, customer.customer_id);
  EXPECT_EQ(from_customer->event.visibility, "all");
  auto from_agent = wire::ParseIncomingEventPayload(envelope->payload);
  ASSERT_TRUE(from_agent.ok()) << from_agent.status();
  EXPECT_EQ(from_agent->chat_id, chat_id);
  EXPECT_EQ(from_agent->event.text, "Hello from Jane");
  const Json& extra = envelope->additional_data;
  EXPECT_EQ(extra["chat_properties"]["routing"]["continuous"], true);
  EXPECT_EQ(extra["chat_presence_user_ids"].size(), 2u);

  // Same fields as LiveChat's documented sample.
  Json sample = LoadSample("webhook.incoming_event.message_from_agent.json");
  EXPECT_EQ(Keys(bodies[2]), Keys(sample));
  EXPECT_EQ(Keys(bodies[2]["payload"]), Keys(sample["payload"]));
  EXPECT_EQ(Keys(bodies[2]["additional_data"]), Keys(sample["additional_data"]));
  for (const std::string& key : Keys(bodies[2]["payload"]["event"])) {
    EXPECT_TRUE(sample["payload"]["event"].contains(key)) << key;
  }
}

TEST_F(SimWebhooks, TransferAndDeactivationPayloadsMatchTheSamples) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  ASSERT_TRUE(receiver_.WaitForCount(1));
  Json transferred = receiver_.Received()[0];
  Json sample = LoadSample("webhook.chat_transferred.json");
  EXPECT_EQ(Keys(transferred), Keys(sample));
  EXPECT_EQ(Keys(transferred["payload"]), Keys(sample["payload"]));
  auto payload = wire::ParseChatTransferredPayload(transferred["payload"]);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(payload->requester_id, "bot@example.com");
  EXPECT_EQ(payload->reason, "manual");
  EXPECT_EQ(payload->group_ids, std::vector<int64_t>{7});
  ASSERT_EQ(payload->agent_ids.size(), 1u);

  // A transfer the control API imposes is sent exactly as given.
  ASSERT_EQ(Post("/sim/chats/" + chat_id + "/transfer",
                 Json{{"group_ids", {0}},
                      {"queue", {{"position", 2}, {"wait_time", 60}}},
                      {"reason", "unassigned"}})
                .status,
            200);
  ASSERT_TRUE(receiver_.WaitForCount(2));
  Json queued = receiver_.Received()[1];
  std::set<std::string> queued_keys =
      Keys(LoadSample("webhook.chat_transferred.queued.json")["payload"]);
  queued_keys.erase("requester_id");  // LiveChat's own transfers name no requester
  EXPECT_EQ(Keys(queued["payload"]), queued_keys);
  auto queued_payload = wire::ParseChatTransferredPayload(queued["payload"]);
  ASSERT_TRUE(queued_payload.ok());
  EXPECT_EQ(queued_payload->reason, "unassigned");
  EXPECT_EQ(queued_payload->group_ids, std::vector<int64_t>{0});
  EXPECT_TRUE(queued_payload->agent_ids.empty());
  EXPECT_EQ(queued_payload->queue->position, 2);
  EXPECT_EQ(queued_payload->queue->wait_time, 60);

  ASSERT_EQ(Customer(customer.access_token, "deactivate_chat", Json{{"id", chat_id}}).status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(3));
  auto closed = wire::ParseChatDeactivatedPayload(receiver_.Received()[2]["payload"]);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->user_id, customer.customer_id);
  EXPECT_EQ(Keys(receiver_.Received()[2]["payload"]),
            Keys(LoadSample("webhook.chat_deactivated.json")["payload"]));
}

TEST_F(SimWebhooks, DeactivationNamesWhoClosedTheChat) {
  const std::string by_agent = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", by_agent}}).status, 200);
  const std::string by_livechat = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Post("/sim/chats/" + by_livechat + "/close", Json::object()).status, 200);
  const std::string by_jane = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(
      Post("/sim/chats/" + by_jane + "/close", Json{{"agent_id", "jane.doe@example.com"}}).status,
      200);
  ASSERT_TRUE(receiver_.WaitForCount(3));
  std::vector<Json> bodies = receiver_.ReceivedOf("chat_deactivated");
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[0]["payload"]["user_id"], "bot@example.com");
  EXPECT_FALSE(bodies[1]["payload"].contains("user_id"));
  EXPECT_EQ(bodies[2]["payload"]["user_id"], "jane.doe@example.com");
}

TEST_F(SimWebhooks, FirstDeliveriesKeepTheOrderOfEvents) {
  const std::string chat_id = StartRoutedChat(Token());
  constexpr int kMessages = 20;
  for (int i = 0; i < kMessages; ++i)
    ASSERT_EQ(AgentMessage(chat_id, absl::StrCat("m", i)).status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(kMessages + 1));
  std::vector<Json> events = receiver_.ReceivedOf("incoming_event");
  ASSERT_EQ(events.size(), static_cast<size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ(EventText(events[i]), absl::StrCat("m", i));
    EXPECT_EQ(EventNumber(StringAt(events[i]["payload"]["event"], "id")), i + 1);
  }
}

TEST_F(SimWebhooks, Non200AnswersAreRetriedUntilAccepted) {
  const std::string chat_id = StartRoutedChat(Token());
  ASSERT_TRUE(receiver_.WaitForCount(1));
  std::atomic<int> attempts{0};
  receiver_.SetResponder([&attempts](const Json&) { return ++attempts < 3 ? 503 : 200; });
  ASSERT_EQ(AgentMessage(chat_id, "retry me").status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(4));
  std::vector<Json> events = receiver_.ReceivedOf("incoming_event");
  ASSERT_EQ(events.size(), 3u);
  for (const Json& event : events) EXPECT_EQ(EventText(event), "retry me");
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 4; }));
  Json deliveries = Deliveries();
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(deliveries[i]["action"], "incoming_event");
    EXPECT_EQ(deliveries[i]["chat_id"], chat_id);
    EXPECT_EQ(deliveries[i]["attempt"], i);
    EXPECT_EQ(deliveries[i]["status"], i < 3 ? 503 : 200);
    EXPECT_FALSE(StringAt(deliveries[i], "event_id").empty());
  }
}

TEST_F(SimWebhooks, GivesUpAfterTheLastRetry) {
  receiver_.SetResponder([](const Json&) { return 500; });
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", chat_id}}).status, 200);
  // One delivery and three retries (50ms, 100ms, 200ms), then nothing more.
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 4; }));
  EXPECT_FALSE(Eventually([&] { return receiver_.Received().size() > 4; }, absl::Milliseconds(400)));
  Json deliveries = Deliveries();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(deliveries[i]["attempt"], i + 1);
    EXPECT_EQ(deliveries[i]["status"], 500);
  }
  EXPECT_EQ(Unsettled(), 0);  // given up counts as settled
}

TEST_F(SimWebhooks, UnsettledCountsWebhooksUntilOneIsAccepted) {
  EXPECT_EQ(Unsettled(), 0);
  std::atomic<bool> accept{false};
  receiver_.SetResponder([&accept](const Json&) { return accept ? 200 : 503; });
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", chat_id}}).status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(1));
  EXPECT_EQ(Unsettled(), 1);  // waiting for its retry
  accept = true;
  ASSERT_TRUE(Eventually([&] { return Unsettled() == 0; }));
  EXPECT_EQ(Deliveries().back()["status"], 200);
}

TEST_F(SimWebhooks, ASlowRetryDoesNotHoldUpLaterWebhooks) {
  const std::string chat_id = StartRoutedChat(Token());
  ASSERT_TRUE(receiver_.WaitForCount(1));
  std::atomic<int> stuck_attempts{0};
  receiver_.SetResponder([&stuck_attempts](const Json& body) {
    if (EventText(body) != "stuck") return 200;
    // The retry hangs (well within the 2s timeout) and fails again.
    if (++stuck_attempts >= 2) absl::SleepFor(absl::Milliseconds(600));
    return 500;
  });
  ASSERT_EQ(AgentMessage(chat_id, "stuck").status, 200);
  ASSERT_TRUE(Eventually([&] { return stuck_attempts.load() >= 2; }));
  // A retry is hanging now; later webhooks still go out at once.
  const absl::Time start = absl::Now();
  ASSERT_EQ(AgentMessage(chat_id, "next").status, 200);
  ASSERT_TRUE(Eventually([&] {
    for (const Json& body : receiver_.Received()) {
      if (EventText(body) == "next") return true;
    }
    return false;
  }));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));
}

TEST_F(SimWebhooks, DuplicateNextDeliversTwice) {
  const std::string chat_id = StartRoutedChat(Token());
  ASSERT_TRUE(receiver_.WaitForCount(1));
  ASSERT_EQ(Post("/sim/webhooks/duplicate_next", Json{{"count", 1}}).status, 200);
  ASSERT_EQ(AgentMessage(chat_id, "twice").status, 200);
  ASSERT_EQ(AgentMessage(chat_id, "once").status, 200);
  ASSERT_TRUE(receiver_.WaitForCount(4));
  std::vector<Json> events = receiver_.ReceivedOf("incoming_event");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], events[1]);  // byte-for-byte the same webhook
  EXPECT_EQ(EventText(events[2]), "once");
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 4; }));
  EXPECT_EQ(Deliveries()[2]["duplicate"], true);
  EXPECT_FALSE(Deliveries()[3].contains("duplicate"));
  EXPECT_EQ(Post("/sim/webhooks/duplicate_next", Json{{"count", 0}}).status, 400);
}

class SimWebhookTimeouts : public SimWebhooks {
 protected:
  SimulatorOptions Options() override {
    SimulatorOptions options = SimWebhooks::Options();
    options.webhook_timeout = absl::Milliseconds(200);
    return options;
  }
};

TEST_F(SimWebhookTimeouts, TimeoutsAndConnectionErrorsAreFailures) {
  std::atomic<int> calls{0};
  receiver_.SetResponder([&calls](const Json&) {
    if (++calls == 1) absl::SleepFor(absl::Milliseconds(400));  // longer than the timeout
    return 200;
  });
  const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", chat_id}}).status, 200);
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 2; }));
  EXPECT_EQ(Deliveries()[0]["status"], 0);
  EXPECT_EQ(Deliveries()[1]["status"], 200);

  std::string closed_url;
  {
    WebhookReceiver gone;
    closed_url = gone.url();
  }
  ASSERT_EQ(Post("/sim/config", Json{{"webhook_url", closed_url}}).status, 200);
  ASSERT_EQ(Delete("/sim/webhooks").status, 200);
  const std::string other = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", other}}).status, 200);
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 4; }));
  for (const Json& delivery : Deliveries()) EXPECT_EQ(delivery["status"], 0);
}

using SimWebhookConfig = SimTest;  // starts without a webhook URL

TEST_F(SimWebhookConfig, UrlAndSecretCanBeSetAtRuntime) {
  WebhookReceiver receiver;
  const std::string first = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", first}}).status, 200);
  EXPECT_TRUE(Get("/sim/webhooks").body["deliveries"].empty());  // nowhere to send it

  HttpResult set =
      Post("/sim/config", Json{{"webhook_url", receiver.url()}, {"webhook_secret", "rotated"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.body["webhook_url"], receiver.url());
  EXPECT_FALSE(set.body.contains("webhook_secret"));  // never echoed
  const std::string second = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
  ASSERT_EQ(Agent("deactivate_chat", Json{{"id", second}}).status, 200);
  ASSERT_TRUE(receiver.WaitForCount(1));
  EXPECT_EQ(receiver.Received()[0]["secret_key"], "rotated");
  EXPECT_EQ(receiver.Received()[0]["payload"]["chat_id"], second);

  EXPECT_EQ(Post("/sim/config", Json{{"webhook_url", "not a url"}}).status, 400);
  EXPECT_EQ(Post("/sim/config", Json{{"auto_agent", "yes"}}).status, 400);
}

// Several URLs: the simulator plays the load balancer in front of replicas.
class SimLoadBalancedWebhooks : public SimTest {
 protected:
  // Points the simulator at `receivers`, in this order.
  void SendTo(const std::vector<const WebhookReceiver*>& receivers) {
    Json urls = Json::array();
    for (const WebhookReceiver* receiver : receivers) urls.push_back(receiver->url());
    HttpResult set = Post("/sim/config", Json{{"webhook_urls", urls}});
    ASSERT_EQ(set.status, 200) << set.body;
  }
  // Raises one chat_deactivated webhook.
  void OneWebhook() {
    const std::string chat_id = StringAt(Agent("start_chat", Json::object()).body, "chat_id");
    ASSERT_EQ(Agent("deactivate_chat", Json{{"id", chat_id}}).status, 200);
  }
  Json Deliveries() { return Get("/sim/webhooks").body["deliveries"]; }

  WebhookReceiver first_, second_, third_;
};

TEST_F(SimLoadBalancedWebhooks, WebhooksTakeTheUrlsInTurns) {
  SendTo({&first_, &second_, &third_});
  HttpResult config = Get("/sim/config");
  EXPECT_EQ(config.body["webhook_urls"].size(), 3u);
  EXPECT_EQ(config.body["webhook_url"], first_.url());  // the first, as with one URL
  for (int i = 0; i < 6; ++i) OneWebhook();
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 6; }));
  Json deliveries = Deliveries();
  const std::vector<std::string> turns = {first_.url(), second_.url(), third_.url()};
  for (size_t i = 0; i < deliveries.size(); ++i) {
    EXPECT_EQ(deliveries[i]["url"], turns[i % 3]) << i;
    EXPECT_EQ(deliveries[i]["attempt"], 1);
    EXPECT_EQ(deliveries[i]["status"], 200);
  }
  for (const WebhookReceiver* receiver : {&first_, &second_, &third_}) {
    EXPECT_EQ(receiver->Received().size(), 2u);
  }
}

TEST_F(SimLoadBalancedWebhooks, ARetryGoesToTheNextUrl) {
  first_.SetResponder([](const Json&) { return 503; });
  SendTo({&first_, &second_});
  OneWebhook();
  ASSERT_TRUE(second_.WaitForCount(1));
  ASSERT_TRUE(Eventually([&] { return Deliveries().size() == 2; }));
  Json deliveries = Deliveries();
  EXPECT_EQ(deliveries[0]["url"], first_.url());
  EXPECT_EQ(deliveries[0]["status"], 503);
  EXPECT_EQ(deliveries[1]["url"], second_.url());
  EXPECT_EQ(deliveries[1]["attempt"], 2);
  EXPECT_EQ(deliveries[1]["status"], 200);
  EXPECT_EQ(first_.Received().size(), 1u);
  EXPECT_EQ(second_.Received()[0], first_.Received()[0]);  // the same webhook
}

TEST_F(SimLoadBalancedWebhooks, EveryWebhookReachesTheLiveUrlWhileAnotherIsDown) {
  std::string down_url;
  {
    WebhookReceiver gone;
    down_url = gone.url();
  }
  HttpResult set = Post("/sim/config", Json{{"webhook_urls", {down_url, second_.url()}}});
  ASSERT_EQ(set.status, 200) << set.body;
  constexpr int kWebhooks = 4;
  for (int i = 0; i < kWebhooks; ++i) OneWebhook();
  ASSERT_TRUE(second_.WaitForCount(kWebhooks));
  std::set<std::string> chats;
  for (const Json& body : second_.Received()) chats.insert(StringAt(body["payload"], "chat_id"));
  EXPECT_EQ(chats.size(), static_cast<size_t>(kWebhooks));  // each one, once
  EXPECT_FALSE(Eventually([&] { return second_.Received().size() > kWebhooks; },
                          absl::Milliseconds(300)));
  for (const Json& delivery : Deliveries()) {
    EXPECT_EQ(delivery["status"], delivery["url"] == down_url ? 0 : 200) << delivery;
  }
}

TEST_F(SimLoadBalancedWebhooks, UrlListIsValidatedAndASingleUrlReplacesIt) {
  EXPECT_EQ(Post("/sim/config", Json{{"webhook_urls", {first_.url(), "not a url"}}}).status, 400);
  EXPECT_EQ(Post("/sim/config", Json{{"webhook_urls", {first_.url()}}, {"webhook_url", ""}}).status,
            400);  // one or the other
  EXPECT_EQ(Post("/sim/config", Json{{"webhook_urls", first_.url()}}).status, 400);  // no list
  SendTo({&first_, &second_});
  HttpResult single = Post("/sim/config", Json{{"webhook_url", third_.url()}});
  ASSERT_EQ(single.status, 200);
  EXPECT_EQ(single.body["webhook_urls"], Json::array({third_.url()}));
  OneWebhook();
  OneWebhook();
  ASSERT_TRUE(third_.WaitForCount(2));
  EXPECT_TRUE(first_.Received().empty());
  EXPECT_TRUE(second_.Received().empty());
  HttpResult none = Post("/sim/config", Json{{"webhook_urls", Json::array()}});
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.body["webhook_url"], "");
}

class SimIncomingChatWebhook : public SimWebhooks {
 protected:
  SimulatorOptions Options() override {
    SimulatorOptions options = SimWebhooks::Options();
    options.webhook_actions.push_back("incoming_chat");
    return options;
  }
};

TEST_F(SimIncomingChatWebhook, InitialEventsTravelInIncomingChatNotIncomingEvent) {
  CustomerGrant customer = Token();
  Json event = {{"type", "message"}, {"text", "ticket"}, {"author_id", customer.customer_id}};
  HttpResult started =
      Agent("start_chat", Json{{"chat",
                                {{"users", {{{"id", customer.customer_id}, {"type", "customer"}}}},
                                 {"thread", {{"events", {event}}}}}}});
  ASSERT_EQ(started.status, 200);
  const std::string chat_id = StringAt(started.body, "chat_id");
  ASSERT_EQ(Customer(customer.access_token, "send_event",
                     Json{{"chat_id", chat_id}, {"event", {{"type", "message"}, {"text", "more"}}}})
                .status,
            200);
  ASSERT_TRUE(receiver_.WaitForCount(2));
  std::vector<Json> bodies = receiver_.Received();
  EXPECT_EQ(bodies[0]["action"], "incoming_chat");
  const Json& thread = bodies[0]["payload"]["chat"]["thread"];
  ASSERT_EQ(thread["events"].size(), 1u);
  EXPECT_EQ(thread["events"][0]["text"], "ticket");
  EXPECT_EQ(bodies[1]["action"], "incoming_event");
  EXPECT_EQ(EventText(bodies[1]), "more");
  for (const char* key : {"id", "users", "thread"}) {
    EXPECT_TRUE(bodies[0]["payload"]["chat"].contains(key)) << key;
  }
}

}  // namespace
}  // namespace hitl::sim::testing

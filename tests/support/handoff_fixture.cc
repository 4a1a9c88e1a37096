#include "tests/support/handoff_fixture.h"

#include "server/events/event_log.h"
#include "server/webhook/webhook_parser.h"

namespace hitl::testing {

namespace wire = livechat::wire;

HandoffFixture::HandoffFixture() {
  store_ = *store::SqliteStore::Open(":memory:", clock_);
  log_ = std::make_unique<events::EventLog>(*store_, *store_, executor_, 100);
  EXPECT_TRUE(log_->Start().ok());
  tokens_ = std::make_unique<handoff::CustomerTokens>(*store_, livechat_, clock_);
  groups_ = std::make_unique<handoff::GroupDirectory>(livechat_, clock_);
  ender_ = std::make_unique<handoff::SessionEnder>(*store_, livechat_, clock_);
  handoff_ = std::make_unique<handoff::HandoffService>(kDefaultGroup, *store_, livechat_,
                                                       *tokens_, *groups_, *ender_, clock_);
  ingest_ = std::make_unique<handoff::AgentEventIngest>(*store_, *ender_, clock_,
                                                        kOrganization);
}

HandoffFixture::~HandoffFixture() { executor_.Shutdown(); }

hitl::v1::Session HandoffFixture::StartSession(const std::string& request_id) {
  hitl::v1::StartHitlRequest request;
  request.mutable_user()->set_id("u1");
  request.mutable_user()->set_name("Thomas");
  request.set_title("Refund");
  auto* said = request.add_transcript();
  said->set_role(hitl::v1::AUTHOR_ROLE_USER);
  said->set_text("I want my money back");
  auto* answered = request.add_transcript();
  answered->set_role(hitl::v1::AUTHOR_ROLE_BOT);
  answered->set_text("Let me get a human");
  request.set_request_id(request_id);
  auto session = handoff_->StartHitl(request);
  EXPECT_TRUE(session.ok()) << session.status();
  return session.ok() ? *session : hitl::v1::Session();
}

absl::StatusOr<handoff::IngestOutcome> HandoffFixture::Deliver(const std::string& action,
                                                               const wire::Json& payload,
                                                               const std::string& organization) {
  wire::WebhookEnvelope envelope{.webhook_id = "wh-1", .secret_key = kWebhookSecret,
                                 .action = action, .organization_id = organization,
                                 .payload = payload};
  auto parsed = webhook::ParseWebhook(wire::ToJson(envelope).dump(), kWebhookSecret);
  if (!parsed.ok()) return parsed.status();
  return ingest_->Ingest(*parsed);
}

absl::StatusOr<handoff::IngestOutcome> HandoffFixture::AgentMessage(
    const hitl::v1::Session& session, const std::string& event_id, const std::string& author,
    const std::string& text, const std::string& visibility) {
  wire::IncomingEventPayload payload{
      .chat_id = session.chat_id(),
      .thread_id = session.thread_id(),
      .event = {.id = event_id, .created_at = "2025-06-12T09:16:02.481223Z", .type = "message",
                .author_id = author, .visibility = visibility, .text = text}};
  return Deliver("incoming_event", wire::ToJson(payload));
}

absl::StatusOr<handoff::IngestOutcome> HandoffFixture::ChatDeactivated(
    const hitl::v1::Session& session, const std::string& user_id) {
  wire::ChatDeactivatedPayload payload{.chat_id = session.chat_id(),
                                       .thread_id = session.thread_id(), .user_id = user_id};
  return Deliver("chat_deactivated", wire::ToJson(payload));
}

std::vector<hitl::v1::AgentEvent> HandoffFixture::Journal() {
  std::vector<hitl::v1::AgentEvent> out;
  auto entries = store_->ReadJournal(0, {}, 10000);
  EXPECT_TRUE(entries.ok());
  for (const auto& entry : *entries) out.push_back(events::DecodeEntry(entry)->event);
  return out;
}

store::SessionRecord HandoffFixture::Stored(const std::string& session_id) {
  auto session = store_->GetSession(session_id);
  EXPECT_TRUE(session.ok()) << session.status();
  return session.ok() ? *session : store::SessionRecord();
}

}  // namespace hitl::testing

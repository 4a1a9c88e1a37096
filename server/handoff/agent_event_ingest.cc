#include "server/handoff/agent_event_ingest.h"

#include <utility>

#include "server/common/log.h"
#include "server/events/event_codec.h"
#include "server/store/session_updates.h"
#include "server/common/rfc3339.h"
#include "server/handoff/agent_event_mapping.h"
#include "server/handoff/session_view.h"
#include "server/livechat/wire/event.h"

namespace hitl::handoff {
namespace {

namespace wire = livechat::wire;

hitl::v1::TransferReason ToReason(const std::string& reason) {
  if (reason == "manual") return hitl::v1::TRANSFER_REASON_MANUAL;
  if (reason == "inactive") return hitl::v1::TRANSFER_REASON_INACTIVE;
  if (reason == "assigned") return hitl::v1::TRANSFER_REASON_ASSIGNED;
  if (reason == "unassigned") return hitl::v1::TRANSFER_REASON_UNASSIGNED;
  if (reason == "other") return hitl::v1::TRANSFER_REASON_OTHER;
  return hitl::v1::TRANSFER_REASON_UNSPECIFIED;
}

}  // namespace

absl::string_view OutcomeName(IngestOutcome outcome) {
  switch (outcome) {
    case IngestOutcome::kJournaled: return "journaled";
    case IngestOutcome::kDuplicate: return "duplicate";
    case IngestOutcome::kNotASession: return "not_a_session";
    case IngestOutcome::kNotForTheBot: return "not_for_the_bot";
    case IngestOutcome::kOtherOrganization: return "other_organization";
    case IngestOutcome::kNotConsumed: return "not_consumed";
  }
  return "unknown";
}

AgentEventIngest::AgentEventIngest(store::Store& store, SessionEnder& ender, Clock& clock,
                                   std::string organization_id)
    : store_(store),
      ender_(ender),
      clock_(clock),
      organization_id_(std::move(organization_id)) {}

absl::StatusOr<IngestOutcome> AgentEventIngest::Ingest(const webhook::ParsedWebhook& webhook) {
  if (!webhook.consumed()) return IngestOutcome::kNotConsumed;
  if (webhook.organization_id != organization_id_) return IngestOutcome::kOtherOrganization;
  if (auto* p = std::get_if<wire::IncomingEventPayload>(&webhook.payload)) {
    return OnIncomingEvent(webhook, *p);
  }
  if (auto* p = std::get_if<wire::ChatDeactivatedPayload>(&webhook.payload)) {
    return OnChatDeactivated(webhook, *p);
  }
  return OnChatTransferred(webhook, std::get<wire::ChatTransferredPayload>(webhook.payload));
}

absl::StatusOr<IngestOutcome> AgentEventIngest::Journal(const std::string& chat_id,
                                                        const webhook::ParsedWebhook& webhook,
                                                        const ChangeFn& change) {
  auto found = store_.FindSessionByChatToWrite(chat_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return IngestOutcome::kNotASession;
  const std::string session_id = (*found)->session_id;
  const absl::Time now = clock_.Now();
  std::optional<IngestOutcome> unwritten;  // why `change` wrote nothing
  // The first attempt builds on the record found, which may be older than
  // the stored one: its commit then conflicts, and only that costs a read.
  std::optional<store::SessionRecord> maybe_stale = **std::move(found);
  auto result = store::CommitWith(store_, [&]() -> absl::StatusOr<std::optional<store::JournalCommit>> {
    unwritten.reset();
    std::optional<store::SessionRecord> session = std::exchange(maybe_stale, std::nullopt);
    for (;;) {
      const bool fresh = !session.has_value();
      if (fresh) {
        auto read = store_.GetSession(session_id);
        if (absl::IsNotFound(read.status())) {  // deleted since it was found
          unwritten = IngestOutcome::kNotASession;
          return std::nullopt;
        }
        if (!read.ok()) return read.status();
        session = *std::move(read);
      }
      const store::SessionRecord as_read = *session;
      Change changed = change(*session);
      if (auto* outcome = std::get_if<IngestOutcome>(&changed)) {
        // Writing nothing checks no version, so only the stored record may
        // decide it (an old one could call a real transfer a redelivery).
        if (!fresh) {
          session.reset();
          continue;
        }
        unwritten = *outcome;
        return std::nullopt;
      }
      const auto& event = std::get<hitl::v1::AgentEvent>(changed);
      const bool ends = event.has_session_ended();
      // Most messages change nothing in the session: its version is then
      // checked, not rewritten.
      const bool unchanged = !ends && *session == as_read;
      store::JournalCommit commit{.dedup_key = webhook.dedup_key,
                                  .received_at = now,
                                  .session = *std::move(session),
                                  .session_unchanged = unchanged};
      commit.entries.push_back(events::EncodeEntry(event, now));
      if (ends) commit.ended_entry = 0;
      return commit;
    }
  });
  // The session went between the read and the commit.
  if (absl::IsNotFound(result.status())) return IngestOutcome::kNotASession;
  if (!result.ok()) return result.status();
  if (unwritten) return *unwritten;
  if (result->duplicate) return IngestOutcome::kDuplicate;
  for (const auto& entry : result->appended) {
    log::Debug("agent event journaled session={} chat={} seq={}", session_id, chat_id, entry.seq);
  }
  return IngestOutcome::kJournaled;
}

absl::StatusOr<IngestOutcome> AgentEventIngest::OnIncomingEvent(
    const webhook::ParsedWebhook& webhook, const wire::IncomingEventPayload& payload) {
  const absl::Time now = clock_.Now();
  return Journal(payload.chat_id, webhook,
                 [&](store::SessionRecord& session) -> Change {
    if (session.ended()) return IngestOutcome::kNotForTheBot;  // its end read the chat
    std::optional<hitl::v1::AgentEvent> event = ToAgentEvent(session, payload.event, now);
    if (!event) return IngestOutcome::kNotForTheBot;
    NoteAgentActivity(session, payload.event.author_id);
    session.thread_id = payload.thread_id;
    return *std::move(event);
  });
}

absl::StatusOr<IngestOutcome> AgentEventIngest::OnChatDeactivated(
    const webhook::ParsedWebhook& webhook, const wire::ChatDeactivatedPayload& payload) {
  auto found = store_.FindSessionByChat(payload.chat_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return IngestOutcome::kNotASession;
  auto ended = ender_.End(
      **found,
      [&](const store::SessionRecord& session) -> SessionEnder::Ending {
        if (session.stop_requested || payload.user_id == session.customer_id) {
          // Our own deactivate_chat (StopHitl) racing its answer.
          return {store::EndedBy::kBot,
                  session.stop_reason.empty() ? "stopped by the bot" : session.stop_reason, ""};
        }
        if (!payload.user_id.empty()) {
          return {store::EndedBy::kAgent, "the agent closed the chat", payload.user_id};
        }
        return {store::EndedBy::kLiveChat, "LiveChat closed the chat (e.g. after inactivity)",
                ""};
      },
      {.thread_id = payload.thread_id, .delivery_key = webhook.dedup_key});
  if (!ended.ok()) return ended.status();
  return ended->ended_here ? IngestOutcome::kJournaled : IngestOutcome::kNotForTheBot;
}

absl::StatusOr<IngestOutcome> AgentEventIngest::OnChatTransferred(
    const webhook::ParsedWebhook& webhook, const wire::ChatTransferredPayload& payload) {
  const absl::Time now = clock_.Now();
  return Journal(payload.chat_id, webhook, [&](store::SessionRecord& session) -> Change {
    if (session.ended()) return IngestOutcome::kNotForTheBot;
    // A bounce (A, B, A) differs from its predecessor; a redelivery does not.
    // A real repeat of the very last transfer changes nothing anyway.
    if (session.last_transfer_hash == webhook.content_hash) return IngestOutcome::kDuplicate;
    session.last_transfer_hash = webhook.content_hash;
    if (!payload.thread_id.empty()) session.thread_id = payload.thread_id;
    hitl::v1::AgentEvent event = NewEvent(session, now);
    auto* transfer = event.mutable_chat_transferred();
    for (const auto& agent : payload.agent_ids) transfer->add_agent_ids(agent);
    for (int64_t group : payload.group_ids) transfer->add_group_ids(group);
    transfer->set_reason(ToReason(payload.reason));
    transfer->set_raw_reason(payload.reason);
    if (payload.queue) {
      auto* queue = transfer->mutable_queue();
      queue->set_position(static_cast<int32_t>(payload.queue->position));
      queue->set_wait_time_seconds(static_cast<int32_t>(payload.queue->wait_time));
      if (auto queued = ParseRfc3339(payload.queue->queued_at); queued.ok()) {
        *queue->mutable_queued_time() = ToTimestamp(*queued);
      }
    }
    NoteTransfer(session, payload.agent_ids);
    return event;
  });
}

}  // namespace hitl::handoff

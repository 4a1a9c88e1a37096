#include "server/handoff/handoff_service.h"

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/common/log.h"
#include "server/common/random_ids.h"
#include "server/handoff/request_validation.h"
#include "server/handoff/session_view.h"
#include "server/handoff/start_progress.h"
#include "server/handoff/text_splitter.h"
#include "server/livechat/wire/event.h"
#include "server/store/idempotency_keys.h"
#include "server/store/session_updates.h"

namespace hitl::handoff {
namespace {

namespace wire = livechat::wire;

// Message events for `text`, split to LiveChat's size limit, by `author_id`
// (empty: the account of the gateway's agent token).
void AppendMessages(const std::string& text, const std::string& author_id,
                    std::vector<wire::Event>& events) {
  for (std::string& part : SplitText(text)) {
    wire::Event event;
    event.type = std::string(wire::event_type::kMessage);
    event.text = std::move(part);
    event.author_id = author_id;
    event.visibility = std::string(wire::visibility::kAll);
    events.push_back(std::move(event));
  }
}

// The chat's opening: the summary, then the transcript in order, the user's
// messages shown as the customer's.
std::vector<wire::Event> OpeningEvents(const hitl::v1::StartHitlRequest& request,
                                       const std::string& customer_id) {
  std::vector<wire::Event> events;
  std::string summary = request.title().empty() ? kDefaultTitle : request.title();
  if (!request.description().empty()) absl::StrAppend(&summary, "\n\n", request.description());
  AppendMessages(summary, "", events);
  for (const auto& message : request.transcript()) {
    AppendMessages(message.text(),
                   message.role() == hitl::v1::AUTHOR_ROLE_USER ? customer_id : "", events);
  }
  return events;
}

wire::UpdateCustomerRequest CustomerProfile(const hitl::v1::StartHitlRequest& request) {
  wire::UpdateCustomerRequest profile;
  if (!request.user().name().empty()) profile.name = request.user().name();
  if (!request.user().email().empty()) profile.email = request.user().email();
  profile.session_fields.emplace_back(kUserIdField, request.user().id());
  // Sorted, so the agent always sees the fields in the same order.
  std::map<std::string, std::string> sorted(request.properties().begin(),
                                            request.properties().end());
  for (auto& [key, value] : sorted) profile.session_fields.emplace_back(key, value);
  return profile;
}

}  // namespace

HandoffService::HandoffService(int64_t default_group_id, store::Store& store,
                               livechat::LiveChatClient& livechat, CustomerTokens& tokens,
                               GroupDirectory& groups, SessionEnder& ender, Clock& clock,
                               ClaimPolicy claims)
    : default_group_id_(default_group_id),
      store_(store),
      livechat_(livechat),
      tokens_(tokens),
      groups_(groups),
      ender_(ender),
      clock_(clock),
      claims_(claims) {}

absl::Status HandoffService::Route(const store::SessionRecord& session) {
  if (absl::Status s = livechat_.RouteToGroup(session.chat_id, session.group_id); !s.ok()) {
    return s;
  }
  return store::MarkRouted(store_, session.session_id).status();
}

absl::StatusOr<hitl::v1::Session> HandoffService::StartHitl(
    const hitl::v1::StartHitlRequest& request) {
  if (absl::Status s = ValidateStartHitl(request); !s.ok()) return s;
  int64_t group_id = request.has_group_id() ? request.group_id() : default_group_id_;
  if (request.has_group_id()) {
    if (absl::Status s = groups_.Check(group_id, "group_id"); !s.ok()) return s;
  }
  if (request.request_id().empty()) return OpenChat(request, group_id, nullptr, nullptr);

  // One attempt per request_id at a time, on any replica; a retry gets the
  // first attempt's session, or finishes what a dead attempt began.
  auto claim = RequestClaim::Acquire(store_, clock_, claims_,
                                     store::StartRequestKey(request.request_id()), "StartHitl");
  if (!claim.ok()) return claim.status();
  if (claim->state() == store::Reservation::State::kAcquired) {
    return OpenChat(request, group_id, &*claim, nullptr);
  }
  auto progress = DecodeStartProgress(claim->value());
  if (!progress.ok()) return progress.status();
  if (!progress->session_id.empty()) {
    auto resumed = Resume(progress->session_id);
    if (!resumed.ok()) return resumed.status();
    if (resumed->has_value()) {
      if (claim->state() == store::Reservation::State::kTakenOver) {
        if (absl::Status s = claim->Complete(claim->value()); !s.ok()) return s;
      }
      return **resumed;
    }
    if (claim->state() == store::Reservation::State::kCompleted) {
      return MakeError(absl::StatusCode::kNotFound, reason::kSessionNotFound,
                       "StartHitl: the session this request_id opened no longer exists; "
                       "use a new request_id to start another");
    }
    // The dead attempt's session is gone (its start failed): start anew.
    return OpenChat(request, group_id, &*claim, nullptr);
  }
  // The dead attempt may have created its customer, maybe its chat too
  // (nothing, if it died first).
  return OpenChat(request, group_id, &*claim,
                  progress->customer_id.empty() ? nullptr : &*progress);
}

absl::StatusOr<std::optional<hitl::v1::Session>> HandoffService::Resume(
    const std::string& session_id) {
  auto session = store_.GetSession(session_id);
  if (absl::IsNotFound(session.status())) return std::nullopt;
  if (!session.ok()) return session.status();
  // The first attempt stopped between storing and routing (a crash):
  // finish its work.
  if (!session->routed && !session->ended()) {
    if (absl::Status s = Route(*session); !s.ok()) {
      return Annotate(s, "StartHitl: routing the chat to the group");
    }
    session = store_.GetSession(session_id);
    if (!session.ok()) return session.status();
  }
  return ToProto(*session);
}

absl::StatusOr<livechat::CustomerCredentials> HandoffService::Customer(
    const StartProgress* earlier) {
  if (earlier == nullptr) {
    auto customer = livechat_.CreateCustomer();
    if (!customer.ok()) return Annotate(customer.status(), "StartHitl: creating the customer");
    return customer;
  }
  // The earlier attempt's customer, back through its identity cookies.
  auto customer = livechat_.RefreshCustomer(earlier->cookies);
  if (!customer.ok()) {
    return Annotate(customer.status(), "StartHitl: taking over an earlier attempt's customer");
  }
  if (customer->customer_id != earlier->customer_id) {
    return MakeError(absl::StatusCode::kInternal, reason::kLiveChatAuthFailed,
                     "StartHitl: LiveChat answered with another customer when an earlier "
                     "attempt's was renewed; its identity cookies were not honoured");
  }
  return customer;
}

absl::StatusOr<hitl::v1::Session> HandoffService::OpenChat(
    const hitl::v1::StartHitlRequest& request, int64_t group_id, RequestClaim* claim,
    const StartProgress* earlier) {
  // A failure before the chat is known leaves the customer as progress, so
  // the next attempt finds a chat whose start_chat answer was lost; a
  // failure that leaves nothing behind frees the request_id at once.
  std::string progress;
  auto fail = [&](const absl::Status& status) {
    if (claim) claim->Abandon(progress);
    return status;
  };
  auto customer = Customer(earlier);
  if (!customer.ok()) return fail(customer.status());
  std::string customer_progress = EncodeStartProgress(
      {.customer_id = customer->customer_id, .cookies = customer->cookies});
  if (claim && earlier == nullptr) {  // a taken-over claim holds it already
    if (absl::Status s = claim->Save(customer_progress); !s.ok()) return fail(s);
  }
  progress = std::move(customer_progress);
  if (absl::Status s = livechat_.UpdateCustomer(customer->access_token, CustomerProfile(request));
      !s.ok()) {
    return fail(Annotate(s, "StartHitl: setting the customer's details"));
  }
  std::optional<livechat::OpenedChat> chat;
  if (earlier != nullptr) {
    // Opened by the attempt that died, before it could store the session.
    auto found = livechat_.FindCustomerChat(customer->access_token);
    if (!found.ok()) return fail(Annotate(found.status(), "StartHitl: finding the chat"));
    chat = *std::move(found);
    if (chat) log::Info("StartHitl takes over chat={} of an earlier attempt", chat->chat_id);
  }
  if (!chat) {
    auto started = livechat_.StartChat({.customer_id = customer->customer_id,
                                        .customer_access_token = customer->access_token,
                                        .group_id = group_id,
                                        .events = OpeningEvents(request, customer->customer_id)});
    if (!started.ok()) return fail(Annotate(started.status(), "StartHitl: opening the chat"));
    chat = *std::move(started);
  }

  // Leave no half-open chat behind if anything after this fails.
  auto abandon = [&](const absl::Status& status, absl::string_view step) {
    if (absl::Status closed = livechat_.DeactivateChat(chat->chat_id); !closed.ok()) {
      log::Error("could not close chat={} of a failed StartHitl: {}", chat->chat_id,
                 closed.message());
    }
    progress.clear();  // a closed chat is not taken over
    return fail(Annotate(status, absl::StrCat("StartHitl: ", step)));
  };

  store::SessionRecord session;
  session.session_id = RandomHex(16);
  session.chat_id = chat->chat_id;
  session.thread_id = chat->thread_id;
  session.customer_id = customer->customer_id;
  session.user_id = request.user().id();
  session.group_id = group_id;
  session.state = store::SessionState::kWaiting;
  session.create_time = clock_.Now();
  session.opening_event_ids = chat->event_ids;
  session.customer = {.access_token = customer->access_token,
                      .token_expires_at = customer->expires_at,
                      .cookie_customer_id = customer->cookies.customer_id,
                      .cookie_secret = customer->cookies.secret};
  // Stored before routing, so the transfer's webhook finds the session.
  auto stored = store_.CreateSession(session);
  if (!stored.ok()) return abandon(stored.status(), "saving the session");
  const std::string outcome = EncodeStartProgress({.session_id = session.session_id});
  if (claim) {
    if (absl::Status s = claim->Save(outcome); !s.ok()) {
      store_.DeleteSession(session.session_id).IgnoreError();
      return abandon(s, "saving the session");
    }
  }
  if (absl::Status s = Route(*stored); !s.ok()) {
    store_.DeleteSession(session.session_id).IgnoreError();
    return abandon(s, "routing the chat to the group");
  }
  log::Info("session started session={} chat={} group={} transcript={}", session.session_id,
            session.chat_id, group_id, request.transcript_size());
  if (claim) {
    // The session exists and is routed: a retry returns it even if this fails.
    if (absl::Status s = claim->Complete(outcome); !s.ok()) {
      log::Warn("StartHitl session={}: could not record the request's outcome: {}",
                session.session_id, s.message());
    }
  }
  auto current = store_.GetSession(session.session_id);
  if (!current.ok()) return current.status();
  return ToProto(*current);
}

absl::StatusOr<hitl::v1::SendMessageResponse> HandoffService::SendMessage(
    const hitl::v1::SendMessageRequest& request) {
  if (absl::Status s = ValidateSendMessage(request); !s.ok()) return s;
  auto session = store_.GetSession(request.session_id());
  if (!session.ok()) return session.status();
  if (session->ended()) return SessionEndedError(*session);

  // Only a bot's own request id can come back in a retry worth recording.
  const bool record = !request.request_id().empty();
  const std::string request_id = record ? request.request_id() : RandomUuid();
  std::optional<RequestClaim> claim;
  std::vector<std::string> sent;  // event ids so far; "" = may have been posted
  if (record) {
    auto acquired =
        RequestClaim::Acquire(store_, clock_, claims_,
                              store::SendRequestKey(session->session_id, request_id),
                              "SendMessage");
    if (!acquired.ok()) return acquired.status();
    claim = *std::move(acquired);
    if (claim->state() != store::Reservation::State::kAcquired) {
      auto recorded = store::DecodeStringList(claim->value());
      if (!recorded.ok()) return recorded.status();
      sent = *std::move(recorded);
    }
  }
  RequestClaim* claim_ptr = claim ? &*claim : nullptr;
  std::vector<std::string> parts = SplitText(request.text());
  if (!claim || claim->state() != store::Reservation::State::kCompleted) {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i < sent.size() && !sent[i].empty()) continue;
      auto event_id = PostPart(*session, request_id, claim_ptr, parts, i, sent);
      if (!event_id.ok()) {
        if (claim) claim->Abandon(sent.empty() ? "" : store::EncodeStringList(sent));
        if (ErrorReason(event_id.status()) == reason::kChatInactive) {
          return EndedInLiveChat(*session);
        }
        return Annotate(event_id.status(), absl::StrCat("SendMessage: posting part ", i + 1,
                                                        " of ", parts.size()));
      }
    }
    if (claim && claim->state() != store::Reservation::State::kCompleted) {
      if (absl::Status s = claim->Complete(store::EncodeStringList(sent)); !s.ok()) {
        log::Warn("SendMessage session={}: could not record the request's outcome: {}",
                  session->session_id, s.message());
      }
    }
    log::Info("message sent session={} parts={}", session->session_id, parts.size());
  }
  hitl::v1::SendMessageResponse response;
  for (auto& id : sent) response.add_event_ids(id);
  return response;
}

absl::StatusOr<std::string> HandoffService::PostPart(const store::SessionRecord& session,
                                                     const std::string& request_id,
                                                     RequestClaim* claim,
                                                     const std::vector<std::string>& parts,
                                                     size_t index,
                                                     std::vector<std::string>& sent) {
  const std::string custom_id =
      parts.size() == 1 ? request_id : absl::StrCat(request_id, "#", index + 1);
  const bool maybe_posted = index < sent.size();
  if (sent.size() <= index) sent.resize(index + 1);
  auto remember = [&](const std::string& event_id) {
    sent[index] = event_id;
    return claim ? claim->Save(store::EncodeStringList(sent)) : absl::OkStatus();
  };
  if (maybe_posted) {
    // An earlier attempt began posting this part and never learnt the
    // outcome: LiveChat keeps custom_id, so look before posting again.
    auto chat = livechat_.GetChat(session.chat_id, "");
    if (!chat.ok()) return chat.status();
    if (auto found = livechat::FindEventByCustomId(*chat, custom_id)) {
      if (absl::Status s = remember(*found); !s.ok()) return s;
      return *found;
    }
  } else if (absl::Status s = remember(""); !s.ok()) {  // "posting began"
    return s;
  }
  auto event_id = tokens_.WithToken(session.session_id, [&](const std::string& token) {
    return livechat_.SendCustomerMessage(token, session.chat_id, parts[index], custom_id);
  });
  if (!event_id.ok()) return event_id.status();
  if (absl::Status s = remember(*event_id); !s.ok()) return s;
  return event_id;
}

absl::Status HandoffService::EndedInLiveChat(const store::SessionRecord& session) {
  auto ended = ender_.End(
      session,
      [](const store::SessionRecord&) {
        return SessionEnder::Ending{store::EndedBy::kLiveChat,
                                    "LiveChat closed the chat (its webhook did not reach the "
                                    "gateway)",
                                    ""};
      },
      {});
  if (!ended.ok()) return ended.status();
  return SessionEndedError(ended->session);
}

absl::StatusOr<hitl::v1::Session> HandoffService::StopHitl(
    const hitl::v1::StopHitlRequest& request) {
  if (absl::Status s = ValidateStopHitl(request); !s.ok()) return s;
  auto session = store_.GetSession(request.session_id());
  if (!session.ok()) return session.status();
  if (session->ended()) return ToProto(*session);
  std::string reason = request.reason().empty() ? "stopped by the bot" : request.reason();
  // Marked first, so a chat_deactivated webhook racing our call is ours.
  if (auto marked = store::MarkStopRequested(store_, session->session_id, reason);
      !marked.ok()) {
    return marked.status();
  }
  if (absl::Status s = livechat_.DeactivateChat(session->chat_id); !s.ok()) {
    // Not stopped: a later close by an agent or LiveChat is theirs.
    store::ClearStopRequested(store_, session->session_id).IgnoreError();
    return Annotate(s, "StopHitl: closing the chat");
  }
  auto ended = ender_.End(
      *session,
      [](const store::SessionRecord& current) {
        return SessionEnder::Ending{store::EndedBy::kBot, current.stop_reason, ""};
      },
      {});
  if (!ended.ok()) return ended.status();
  log::Info("session stopped session={} chat={}", session->session_id, session->chat_id);
  return ToProto(ended->session);
}

absl::StatusOr<hitl::v1::Session> HandoffService::GetSession(
    const hitl::v1::GetSessionRequest& request) {
  if (absl::Status s = ValidateSessionId(request.session_id()); !s.ok()) return s;
  auto session = store_.GetSession(request.session_id());
  if (!session.ok()) return session.status();
  return ToProto(*session);
}

}  // namespace hitl::handoff

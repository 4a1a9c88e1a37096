#include "server/livechat/livechat_connection.h"

#include "server/common/call_deadline.h"
#include "server/common/errors.h"
#include "server/common/log.h"
#include "server/livechat/livechat_status.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::livechat {
namespace {

// The value type of calls that answer nothing.
struct Done {};

}  // namespace

std::optional<std::string> FindEventByCustomId(const wire::Chat& chat,
                                               absl::string_view custom_id) {
  if (custom_id.empty() || !chat.thread) return std::nullopt;
  for (const wire::Event& event : chat.thread->events) {
    if (event.custom_id == custom_id) return event.id;
  }
  return std::nullopt;
}

LiveChatConnection::LiveChatConnection(LiveChatOptions options, HttpTransport& transport,
                                       Clock& clock, std::function<double()> jitter)
    : api_(std::move(options), transport, clock), clock_(clock), jitter_(std::move(jitter)) {}

template <typename T>
absl::StatusOr<T> LiveChatConnection::Retry(
    Idempotency idempotency, const std::function<absl::StatusOr<T>()>& attempt,
    const VerifyFn<T>& verify) {
  std::function<absl::StatusOr<T>()> in_right_region = [&]() -> absl::StatusOr<T> {
    absl::StatusOr<T> result = attempt();
    if (result.ok() ||
        LiveChatErrorType(result.status()) != wire::error_type::kMisdirectedRequest) {
      return result;
    }
    std::string region = GetErrorMetadata(result.status())[kRegionKey];
    if (region.empty()) return result;
    log::Warn("livechat misdirected_request: switching to region={}", region);
    api_.SetRegion(region);
    return attempt();  // LiveChat refused it unprocessed: safe to repeat
  };
  RetryOptions retry = api_.options().retry;
  if (stop_retrying_) retry.max_attempts = 1;
  // Never retry past the deadline of the bot's call we serve.
  absl::Time deadline = CurrentCallDeadline();
  if (deadline != absl::InfiniteFuture()) {
    retry.budget = std::min(retry.budget, std::max(absl::ZeroDuration(), deadline - clock_.Now()));
  }
  return RetryLoop<T>(retry, clock_, jitter_, idempotency, in_right_region, verify);
}

absl::Status LiveChatConnection::RetryStatus(Idempotency idempotency,
                                             const std::function<absl::Status()>& attempt) {
  absl::StatusOr<Done> result = Retry<Done>(idempotency, [&]() -> absl::StatusOr<Done> {
    absl::Status status = attempt();
    if (!status.ok()) return status;
    return Done{};
  });
  return result.status();
}

absl::StatusOr<CustomerCredentials> LiveChatConnection::Token(
    const wire::CustomerCookies& cookies) {
  auto grant = Retry<CustomerTokenGrant>(
      Idempotency::kIdempotent, [&] { return api_.CustomerToken(cookies); });
  if (!grant.ok()) return grant.status();
  return CustomerCredentials{
      .customer_id = grant->token.entity_id,
      .access_token = grant->token.access_token,
      .expires_at = clock_.Now() + absl::Seconds(grant->token.expires_in),
      .cookies = grant->cookies};
}

absl::StatusOr<CustomerCredentials> LiveChatConnection::CreateCustomer() {
  return Token(wire::CustomerCookies{});
}

absl::StatusOr<CustomerCredentials> LiveChatConnection::RefreshCustomer(
    const wire::CustomerCookies& cookies) {
  if (!cookies.complete()) {
    return absl::FailedPreconditionError(
        "the customer's identity cookies are missing; its token cannot be renewed");
  }
  return Token(cookies);
}

absl::Status LiveChatConnection::UpdateCustomer(absl::string_view access_token,
                                                const wire::UpdateCustomerRequest& request) {
  return RetryStatus(Idempotency::kIdempotent,
                     [&] { return api_.UpdateCustomer(access_token, request); });
}

absl::StatusOr<OpenedChat> LiveChatConnection::StartChat(const ChatOpening& opening) {
  wire::StartChatRequest request;
  request.users.push_back({opening.customer_id, std::string(wire::user_type::kCustomer)});
  request.group_ids = {opening.group_id};
  request.events = opening.events;
  request.active = true;
  // Continuous chats need no online group and outlive idle threads.
  request.continuous = true;
  auto attempt = [&]() -> absl::StatusOr<OpenedChat> {
    auto response = api_.StartChat(request);
    if (!response.ok()) return response.status();
    return OpenedChat{response->chat_id, response->thread_id, response->event_ids};
  };
  // The customer is new: a chat they are in can only be the one we opened.
  VerifyFn<OpenedChat> verify = [&]() -> absl::StatusOr<std::optional<OpenedChat>> {
    auto found = LookUpCustomerChat(opening.customer_access_token);
    if (found.ok() && found->has_value()) {
      log::Info("livechat start_chat answer lost; recovered chat={}", (*found)->chat_id);
    }
    return found;
  };
  return Retry<OpenedChat>(Idempotency::kNonIdempotent, attempt, verify);
}

absl::StatusOr<std::optional<OpenedChat>> LiveChatConnection::LookUpCustomerChat(
    absl::string_view customer_access_token) {
  auto chats = api_.ListCustomerChats(customer_access_token);
  if (!chats.ok()) return chats.status();
  if (chats->empty()) return std::nullopt;
  auto chat = api_.GetChat({.chat_id = chats->front()});
  if (!chat.ok()) return chat.status();
  OpenedChat opened{.chat_id = chat->id};
  if (chat->thread) {
    opened.thread_id = chat->thread->id;
    for (const wire::Event& event : chat->thread->events) opened.event_ids.push_back(event.id);
  }
  return opened;
}

absl::StatusOr<std::optional<OpenedChat>> LiveChatConnection::FindCustomerChat(
    absl::string_view customer_access_token) {
  return Retry<std::optional<OpenedChat>>(
      Idempotency::kIdempotent, [&] { return LookUpCustomerChat(customer_access_token); });
}

absl::Status LiveChatConnection::RouteToGroup(absl::string_view chat_id, int64_t group_id) {
  wire::TransferChatRequest request{
      .id = std::string(chat_id),
      .target = wire::TransferTarget{.type = "group", .group_ids = {group_id}},
      // Queue rather than fail when no agent is free right now.
      .ignore_agents_availability = true,
      .ignore_requester_presence = true};
  return RetryStatus(Idempotency::kNonIdempotent, [&] { return api_.TransferChat(request); });
}

absl::Status LiveChatConnection::DeactivateChat(absl::string_view chat_id) {
  wire::DeactivateChatRequest request{.id = std::string(chat_id),
                                      .ignore_requester_presence = true};
  return RetryStatus(Idempotency::kIdempotent, [&] {
    absl::Status status = api_.DeactivateChat(request);
    if (!status.ok() && LiveChatErrorType(status) != wire::error_type::kChatInactive) {
      return status;
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> LiveChatConnection::SendCustomerMessage(
    absl::string_view access_token, absl::string_view chat_id, absl::string_view text,
    absl::string_view custom_id) {
  wire::SendEventRequest request;
  request.chat_id = std::string(chat_id);
  request.event.type = std::string(wire::event_type::kMessage);
  request.event.text = std::string(text);
  request.event.custom_id = std::string(custom_id);
  auto attempt = [&]() -> absl::StatusOr<std::string> {
    auto response = api_.SendCustomerEvent(access_token, request);
    if (!response.ok()) return response.status();
    return response->event_id;
  };
  // Before repeating a send LiveChat may have processed, look for it.
  VerifyFn<std::string> verify = [&]() -> absl::StatusOr<std::optional<std::string>> {
    auto chat = api_.GetChat({.chat_id = std::string(chat_id)});
    if (!chat.ok()) return chat.status();
    return FindEventByCustomId(*chat, custom_id);
  };
  // Without a custom_id there is nothing to look for: no uncertain retries.
  return Retry<std::string>(Idempotency::kNonIdempotent, attempt,
                            custom_id.empty() ? nullptr : verify);
}

absl::StatusOr<wire::Chat> LiveChatConnection::GetChat(absl::string_view chat_id,
                                                       absl::string_view thread_id) {
  return Retry<wire::Chat>(Idempotency::kIdempotent, [&] {
    return api_.GetChat({.chat_id = std::string(chat_id), .thread_id = std::string(thread_id)});
  });
}

absl::StatusOr<std::vector<wire::Group>> LiveChatConnection::ListGroups() {
  return Retry<std::vector<wire::Group>>(Idempotency::kIdempotent,
                                         [&] { return api_.ListGroups(); });
}

}  // namespace hitl::livechat

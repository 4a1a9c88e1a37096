// Everything the gateway asks of LiveChat, in the gateway's terms. The
// production implementation (livechat_connection.h) retries what is safe to
// retry; tests may implement it directly.
//
// Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/livechat/wire/accounts.h"
#include "server/livechat/wire/chat_api.h"
#include "server/livechat/wire/event.h"

namespace hitl::livechat {

// A LiveChat customer identity the gateway acts as. All secret.
struct CustomerCredentials {
  std::string customer_id;
  std::string access_token;
  absl::Time expires_at;
  wire::CustomerCookies cookies;
};

// What a new chat starts with.
struct ChatOpening {
  // The customer to put into the chat, and that customer's token (used to
  // find the chat again if start_chat's answer is lost).
  std::string customer_id;
  std::string customer_access_token;
  int64_t group_id = 0;
  // Initial events, in order. An event whose author_id is the customer is
  // shown as written by the customer.
  std::vector<wire::Event> events;
};

struct OpenedChat {
  std::string chat_id;
  std::string thread_id;
  std::vector<std::string> event_ids;  // of the opening events, in order
};

// The id of the event of `chat`'s thread carrying `custom_id`, if any.
std::optional<std::string> FindEventByCustomId(const wire::Chat& chat,
                                               absl::string_view custom_id);

class LiveChatClient {
 public:
  virtual ~LiveChatClient() = default;

  // A new customer identity (cookie grant without cookies).
  virtual absl::StatusOr<CustomerCredentials> CreateCustomer() = 0;
  // A fresh token for the customer whose identity cookies are `cookies`.
  virtual absl::StatusOr<CustomerCredentials> RefreshCustomer(
      const wire::CustomerCookies& cookies) = 0;
  // Sets name, e-mail and session fields of the customer.
  virtual absl::Status UpdateCustomer(absl::string_view access_token,
                                      const wire::UpdateCustomerRequest& request) = 0;
  // Opens a chat (agent start_chat) with the customer in it.
  virtual absl::StatusOr<OpenedChat> StartChat(const ChatOpening& opening) = 0;
  // The chat the customer holding `customer_access_token` is in, if any
  // (the first one listed), with its latest thread's event ids: how a retry
  // finds the chat an attempt that died opened for its new customer.
  virtual absl::StatusOr<std::optional<OpenedChat>> FindCustomerChat(
      absl::string_view customer_access_token) = 0;
  // Hands the chat to the group's agents (queued if none is free).
  virtual absl::Status RouteToGroup(absl::string_view chat_id, int64_t group_id) = 0;
  // Closes the chat; an already inactive chat is not an error.
  virtual absl::Status DeactivateChat(absl::string_view chat_id) = 0;
  // Posts a message as the customer, with `custom_id` (LiveChat keeps it but
  // does not de-duplicate by it; retries look it up before repeating).
  virtual absl::StatusOr<std::string> SendCustomerMessage(absl::string_view access_token,
                                                          absl::string_view chat_id,
                                                          absl::string_view text,
                                                          absl::string_view custom_id) = 0;
  // The chat with one thread (`thread_id`, or the latest if empty) and its
  // events.
  virtual absl::StatusOr<wire::Chat> GetChat(absl::string_view chat_id,
                                             absl::string_view thread_id) = 0;
  // The license's groups.
  virtual absl::StatusOr<std::vector<wire::Group>> ListGroups() = 0;
};

}  // namespace hitl::livechat

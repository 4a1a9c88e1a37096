// The production LiveChatClient: LiveChatApi plus the retry policy. Which
// calls may be repeated after LiveChat possibly acted on them:
//   idempotent:      customer token, update_customer, get_chat, list_groups,
//                    deactivate_chat (inactive counts as done);
//   verified first:  send_event (get_chat looks for our custom_id) and
//                    start_chat (customer list_chats looks for the customer's
//                    chat; the customer is new, so any chat is ours);
//   never:           transfer_chat (a repeat would re-route an assigned chat).
// A misdirected_request switches to the region LiveChat names and retries
// once.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "server/common/clock.h"
#include "server/livechat/livechat_api.h"
#include "server/livechat/livechat_client.h"

namespace hitl::livechat {

class LiveChatConnection final : public LiveChatClient {
 public:
  LiveChatConnection(LiveChatOptions options, HttpTransport& transport, Clock& clock,
                     std::function<double()> jitter);

  absl::StatusOr<CustomerCredentials> CreateCustomer() override;
  absl::StatusOr<CustomerCredentials> RefreshCustomer(
      const wire::CustomerCookies& cookies) override;
  absl::Status UpdateCustomer(absl::string_view access_token,
                              const wire::UpdateCustomerRequest& request) override;
  absl::StatusOr<OpenedChat> StartChat(const ChatOpening& opening) override;
  absl::StatusOr<std::optional<OpenedChat>> FindCustomerChat(
      absl::string_view customer_access_token) override;
  absl::Status RouteToGroup(absl::string_view chat_id, int64_t group_id) override;
  absl::Status DeactivateChat(absl::string_view chat_id) override;
  absl::StatusOr<std::string> SendCustomerMessage(absl::string_view access_token,
                                                  absl::string_view chat_id,
                                                  absl::string_view text,
                                                  absl::string_view custom_id) override;
  absl::StatusOr<wire::Chat> GetChat(absl::string_view chat_id,
                                     absl::string_view thread_id) override;
  absl::StatusOr<std::vector<wire::Group>> ListGroups() override;
  // From now on, fail instead of retrying (shutdown: calls in progress end
  // within one attempt).
  void StopRetrying() { stop_retrying_ = true; }

 private:
  template <typename T>
  absl::StatusOr<T> Retry(Idempotency idempotency,
                          const std::function<absl::StatusOr<T>()>& attempt,
                          const VerifyFn<T>& verify = nullptr);
  // Retry for calls that answer nothing but their status.
  absl::Status RetryStatus(Idempotency idempotency, const std::function<absl::Status()>& attempt);
  absl::StatusOr<CustomerCredentials> Token(const wire::CustomerCookies& cookies);
  // One try of FindCustomerChat (list_chats, then get_chat of the first).
  absl::StatusOr<std::optional<OpenedChat>> LookUpCustomerChat(
      absl::string_view customer_access_token);

  LiveChatApi api_;
  Clock& clock_;
  std::function<double()> jitter_;
  std::atomic<bool> stop_retrying_{false};
};

}  // namespace hitl::livechat

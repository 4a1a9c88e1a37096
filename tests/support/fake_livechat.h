// An in-memory LiveChatClient for domain tests: records every call in order
// and fails the calls it is told to. (Wire-level behaviour is tested against
// the adapter and the simulator; this stands in for both in unit tests.)
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"
#include "server/livechat/livechat_client.h"

namespace hitl::testing {

class FakeLiveChat final : public livechat::LiveChatClient {
 public:
  explicit FakeLiveChat(Clock& clock) : clock_(clock) {}

  // The next call of `method` ("StartChat", "SendCustomerMessage", ...)
  // fails with `status`.
  void FailNext(const std::string& method, absl::Status status);
  // The call of `method` after the next `successes` ones fails with `status`.
  void FailAfter(const std::string& method, int successes, absl::Status status);
  // Calls made, as "Method" or "Method:detail", in order.
  std::vector<std::string> calls();
  int Count(const std::string& method);
  // Texts posted per chat by SendCustomerMessage.
  std::vector<std::string> posted(const std::string& chat_id);
  // The last StartChat's opening.
  livechat::ChatOpening last_opening();
  // Makes every current token of every customer be rejected as expired.
  void ExpireTokens();
  // Renewals answer with another customer id (cookies not honoured).
  void ForgetCustomersOnRenewal() { forget_customers_ = true; }
  // Puts an event into the chat (as if an agent wrote it) without a webhook.
  void AddChatEvent(const std::string& chat_id, livechat::wire::Event event);
  // Closes the chat in "LiveChat" (send_event then fails with chat_inactive).
  void CloseChat(const std::string& chat_id);
  // The next SendCustomerMessage posts, then fails as if the answer was lost.
  void LoseNextSendAnswer() { lose_next_send_answer_ = true; }

  absl::StatusOr<livechat::CustomerCredentials> CreateCustomer() override;
  absl::StatusOr<livechat::CustomerCredentials> RefreshCustomer(
      const livechat::wire::CustomerCookies& cookies) override;
  absl::Status UpdateCustomer(absl::string_view access_token,
                              const livechat::wire::UpdateCustomerRequest& request) override;
  absl::StatusOr<livechat::OpenedChat> StartChat(const livechat::ChatOpening& opening) override;
  absl::StatusOr<std::optional<livechat::OpenedChat>> FindCustomerChat(
      absl::string_view customer_access_token) override;
  absl::Status RouteToGroup(absl::string_view chat_id, int64_t group_id) override;
  absl::Status DeactivateChat(absl::string_view chat_id) override;
  absl::StatusOr<std::string> SendCustomerMessage(absl::string_view access_token,
                                                  absl::string_view chat_id,
                                                  absl::string_view text,
                                                  absl::string_view custom_id) override;
  absl::StatusOr<livechat::wire::Chat> GetChat(absl::string_view chat_id,
                                               absl::string_view thread_id) override;
  absl::StatusOr<std::vector<livechat::wire::Group>> ListGroups() override;

 private:
  absl::Status Enter(const std::string& method, const std::string& detail = "")
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  livechat::CustomerCredentials Issue(const std::string& customer_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  absl::Mutex mu_;
  struct Failure {
    int skip = 0;
    absl::Status status;
  };
  std::multimap<std::string, Failure> failures_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> calls_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<std::string>> posted_ ABSL_GUARDED_BY(mu_);
  // Every chat's (single) thread, as get_chat shows it.
  std::map<std::string, livechat::wire::Thread> threads_ ABSL_GUARDED_BY(mu_);
  // The chats each customer is in, in the order they were opened.
  std::map<std::string, std::vector<std::string>> customer_chats_ ABSL_GUARDED_BY(mu_);
  bool lose_next_send_answer_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, std::string> valid_tokens_ ABSL_GUARDED_BY(mu_);  // token -> customer
  livechat::ChatOpening last_opening_ ABSL_GUARDED_BY(mu_);
  int next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool forget_customers_ = false;
};

}  // namespace hitl::testing

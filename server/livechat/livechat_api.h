// LiveChat's HTTP API, one method per action and exactly one transport call
// per method: builds the request (path, auth, JSON), and turns the answer into
// a wire struct or a failure status (livechat_status.h). No retries here.
//
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"
#include "server/livechat/http_transport.h"
#include "server/livechat/livechat_options.h"
#include "server/livechat/wire/accounts.h"
#include "server/livechat/wire/chat_api.h"

namespace hitl::livechat {

// A customer token answer together with the identity cookies it set.
struct CustomerTokenGrant {
  wire::CustomerTokenResponse token;
  wire::CustomerCookies cookies;
};

class LiveChatApi {
 public:
  LiveChatApi(LiveChatOptions options, HttpTransport& transport, Clock& clock);

  const LiveChatOptions& options() const { return options_; }

  // accounts: cookie grant; with `cookies` complete, for that same customer.
  absl::StatusOr<CustomerTokenGrant> CustomerToken(const wire::CustomerCookies& cookies);

  // Customer Chat API, as the customer holding `access_token`.
  absl::Status UpdateCustomer(absl::string_view access_token,
                              const wire::UpdateCustomerRequest& request);
  absl::StatusOr<wire::SendEventResponse> SendCustomerEvent(
      absl::string_view access_token, const wire::SendEventRequest& request);
  // The ids of the chats the customer is in (customer list_chats, first page).
  absl::StatusOr<std::vector<std::string>> ListCustomerChats(
      absl::string_view access_token);

  // Agent Chat API, as the configured agent token.
  absl::StatusOr<wire::StartChatResponse> StartChat(const wire::StartChatRequest& request);
  absl::Status TransferChat(const wire::TransferChatRequest& request);
  absl::Status DeactivateChat(const wire::DeactivateChatRequest& request);
  absl::StatusOr<wire::Chat> GetChat(const wire::GetChatRequest& request);

  // Configuration API.
  absl::StatusOr<std::vector<wire::Group>> ListGroups();

  // Sends `X-Region: <region>` from now on (after misdirected_request).
  void SetRegion(std::string region);

 private:
  enum class Api { kAgent, kCustomer, kConfiguration };

  // One exchange; the parsed 200 body (an empty body reads as {}).
  absl::StatusOr<wire::Json> Call(Api api, absl::string_view action,
                                  absl::string_view customer_token,
                                  const wire::Json& body);
  absl::StatusOr<wire::Json> Exchange(absl::string_view action, HttpRequest request,
                                      HttpResponse* raw = nullptr);

  const LiveChatOptions options_;
  HttpTransport& transport_;
  Clock& clock_;
  absl::Mutex mu_;
  std::string region_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::livechat

#include "server/handoff/customer_tokens.h"

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/common/log.h"
#include "server/handoff/session_view.h"
#include "server/livechat/livechat_status.h"
#include "server/livechat/wire/protocol.h"
#include "server/store/session_updates.h"

namespace hitl::handoff {

CustomerTokens::CustomerTokens(store::Store& store, livechat::LiveChatClient& livechat,
                               Clock& clock, absl::Duration renew_before_expiry)
    : store_(store), livechat_(livechat), clock_(clock),
      renew_before_expiry_(renew_before_expiry) {}

absl::StatusOr<std::string> CustomerTokens::Token(const std::string& session_id,
                                                  const std::string& rejected,
                                                  absl::Duration renew_within) {
  KeyedMutex::Lock lock(renewals_, session_id);
  // Re-read: another call may have renewed it while we waited.
  auto session = store_.GetSession(session_id);
  if (!session.ok()) return session.status();
  // An ended session's secrets are gone, and nothing may be posted anyway.
  if (session->ended()) return SessionEndedError(*session);
  const store::CustomerSecrets& secrets = session->customer;
  bool fresh = secrets.token_expires_at - clock_.Now() > renew_within;
  if (fresh && secrets.access_token != rejected) return secrets.access_token;

  auto renewed = livechat_.RefreshCustomer(
      {.customer_id = secrets.cookie_customer_id, .secret = secrets.cookie_secret});
  if (!renewed.ok()) {
    return Annotate(renewed.status(), absl::StrCat("renewing the customer token of session ",
                                                   session_id));
  }
  if (renewed->customer_id != session->customer_id) {
    // The cookies did not bring back our customer: using the new identity
    // would post as a stranger who is not in the chat.
    return MakeError(absl::StatusCode::kInternal, reason::kLiveChatAuthFailed,
                     absl::StrCat("LiveChat answered the token renewal of session ",
                                  session_id, " with a different customer; its identity "
                                  "cookies were not honoured"));
  }
  store::CustomerSecrets updated{.access_token = renewed->access_token,
                                 .token_expires_at = renewed->expires_at,
                                 .cookie_customer_id = renewed->cookies.customer_id,
                                 .cookie_secret = renewed->cookies.secret};
  if (auto written = store::UpdateCustomerSecrets(store_, session_id, updated); !written.ok()) {
    return written.status();
  }
  log::Info("customer token renewed session={} reason={}", session_id,
            rejected.empty() ? "expiring" : "rejected");
  return renewed->access_token;
}

absl::StatusOr<std::string> CustomerTokens::WithToken(const std::string& session_id,
                                                      const CallFn& call) {
  auto token = Token(session_id, "", renew_before_expiry_);
  if (!token.ok()) return token.status();
  auto result = call(*token);
  if (result.ok() ||
      livechat::LiveChatErrorType(result.status()) != livechat::wire::error_type::kAuthentication) {
    return result;
  }
  auto renewed = Token(session_id, *token, renew_before_expiry_);
  if (!renewed.ok()) return renewed.status();
  return call(*renewed);
}

absl::StatusOr<int> CustomerTokens::RenewExpiring(absl::Duration ahead,
                                                  const std::function<bool()>& stopping) {
  constexpr int kPage = 100;
  const absl::Duration within = ahead + renew_before_expiry_;
  int renewed = 0;
  std::string after;
  for (;;) {
    auto page = store_.ListOpenSessions(after, kPage);
    if (!page.ok()) return page.status();
    for (const store::SessionRecord& session : *page) {
      if (stopping()) return renewed;
      if (session.customer.token_expires_at - clock_.Now() > within) continue;
      const std::string before = session.customer.access_token;
      auto token = Token(session.session_id, "", within);
      if (!token.ok()) {
        log::Warn("proactive token renewal of session={} failed: {}", session.session_id,
                  token.status().message());
      } else if (*token != before) {
        ++renewed;
      }
    }
    if (page->size() < static_cast<size_t>(kPage)) return renewed;
    after = page->back().session_id;
  }
}

}  // namespace hitl::handoff

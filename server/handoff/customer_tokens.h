// Keeps each session's customer token usable for as long as the session
// lives: renews it (same customer, via the identity cookies) shortly before
// it expires, and once more if LiveChat rejects it with `authentication`.
// Renewals of one session are serialised, so concurrent sends renew once.
//
// Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"
#include "server/common/keyed_mutex.h"
#include "server/livechat/livechat_client.h"
#include "server/store/store.h"

namespace hitl::handoff {

class CustomerTokens {
 public:
  CustomerTokens(store::Store& store, livechat::LiveChatClient& livechat, Clock& clock,
                 absl::Duration renew_before_expiry = absl::Minutes(10));

  using CallFn = std::function<absl::StatusOr<std::string>(const std::string& token)>;
  // Runs `call` with a valid token of `session_id`'s customer.
  absl::StatusOr<std::string> WithToken(const std::string& session_id, const CallFn& call);

  // Renews the token of every open session that a send `ahead` from now
  // would have to renew (it expires within `ahead` plus the renewal
  // margin), so a session idle for hours still sends at once (a cluster
  // duty, run under the duty lease). Stops early when `stopping` says so; returns
  // how many it renewed. A session whose renewal fails is logged and
  // skipped (its next send renews it once more).
  absl::StatusOr<int> RenewExpiring(absl::Duration ahead, const std::function<bool()>& stopping);

 private:
  // The session's token, renewed if it expires within `renew_within` or
  // equals `rejected` (LiveChat just refused it).
  absl::StatusOr<std::string> Token(const std::string& session_id, const std::string& rejected,
                                    absl::Duration renew_within);

  store::Store& store_;
  livechat::LiveChatClient& livechat_;
  Clock& clock_;
  const absl::Duration renew_before_expiry_;
  // One renewal per session at a time; other sessions never wait for it.
  KeyedMutex renewals_;
};

}  // namespace hitl::handoff

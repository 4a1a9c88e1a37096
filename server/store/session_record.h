// What the gateway keeps about a session, including the customer identity it
// acts as (secret: token and cookies are never logged, and are wiped when the
// session ends).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace hitl::store {

// Values match hitl.v1.SessionState.
enum class SessionState { kWaiting = 1, kActive = 2, kEnded = 3 };
// Values match hitl.v1.EndedBy.
enum class EndedBy { kNone = 0, kAgent = 1, kBot = 2, kLiveChat = 3 };

struct CustomerSecrets {
  std::string access_token;
  absl::Time token_expires_at = absl::InfinitePast();
  std::string cookie_customer_id;  // __lc_cid
  std::string cookie_secret;       // __lc_cst

  bool operator==(const CustomerSecrets&) const = default;
};

struct SessionRecord {
  std::string session_id;
  std::string chat_id;
  std::string thread_id;
  std::string customer_id;
  std::string user_id;
  int64_t group_id = 0;
  SessionState state = SessionState::kWaiting;
  std::vector<std::string> agent_ids;
  absl::Time create_time = absl::UnixEpoch();
  std::optional<absl::Time> end_time;
  std::string end_reason;
  EndedBy ended_by = EndedBy::kNone;
  // The chat was handed to the group (transfer_chat succeeded). A session
  // found unrouted by a retried StartHitl is routed then.
  bool routed = false;
  // LiveChat ids of the chat's opening events (summary and transcript),
  // posted by the gateway's own account: never relayed as an agent's.
  std::vector<std::string> opening_event_ids;
  // Content hash of the last chat_transferred journaled: LiveChat's transfer
  // webhooks carry no id, so a redelivery is one identical to the last.
  std::string last_transfer_hash;
  // The bot asked to stop; a chat_deactivated racing StopHitl is the bot's.
  bool stop_requested = false;
  std::string stop_reason;
  // Journal position of the session's ended event; 0 while open.
  int64_t ended_seq = 0;
  CustomerSecrets customer;
  // Assigned by the store: 1 when created, +1 on every write. A write names
  // the version it read (compare-and-set), so it never undoes a concurrent one.
  int64_t version = 0;

  bool ended() const { return state == SessionState::kEnded; }
  bool operator==(const SessionRecord&) const = default;
};

}  // namespace hitl::store

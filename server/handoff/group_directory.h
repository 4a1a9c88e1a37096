// Knows the LiveChat groups, to refuse a StartHitl for a group that does not
// exist before anything is created. Groups are cached for a few minutes. If
// LiveChat cannot list them (unreachable, or the token lacks the
// groups--all:ro scope), the check is skipped: start_chat itself will fail
// for a wrong group.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <set>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/common/clock.h"
#include "server/livechat/livechat_client.h"

namespace hitl::handoff {

class GroupDirectory {
 public:
  GroupDirectory(livechat::LiveChatClient& livechat, Clock& clock,
                 absl::Duration ttl = absl::Minutes(5));

  // INVALID_ARGUMENT (reason GROUP_NOT_FOUND) if LiveChat lists its groups
  // and `group_id` is not among them; OK otherwise.
  absl::Status Check(int64_t group_id, absl::string_view field);

  // Lists the groups now. Errors are returned (and the cache kept).
  absl::Status Refresh();

 private:
  livechat::LiveChatClient& livechat_;
  Clock& clock_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  std::set<int64_t> groups_ ABSL_GUARDED_BY(mu_);
  absl::Time fetched_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool known_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace hitl::handoff

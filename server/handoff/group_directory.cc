#include "server/handoff/group_directory.h"

#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/common/log.h"

namespace hitl::handoff {

GroupDirectory::GroupDirectory(livechat::LiveChatClient& livechat, Clock& clock,
                               absl::Duration ttl)
    : livechat_(livechat), clock_(clock), ttl_(ttl) {}

absl::Status GroupDirectory::Refresh() {
  auto groups = livechat_.ListGroups();
  if (!groups.ok()) return groups.status();
  absl::MutexLock lock(&mu_);
  groups_.clear();
  for (const auto& group : *groups) groups_.insert(group.id);
  fetched_at_ = clock_.Now();
  known_ = true;
  return absl::OkStatus();
}

absl::Status GroupDirectory::Check(int64_t group_id, absl::string_view field) {
  bool stale;
  {
    absl::MutexLock lock(&mu_);
    absl::Duration age = clock_.Now() - fetched_at_;
    if (known_ && age < ttl_ && groups_.count(group_id)) return absl::OkStatus();
    // A miss may be a group created since: re-list unless just listed.
    stale = !known_ || age > absl::Seconds(10);
  }
  if (stale) {
    if (absl::Status s = Refresh(); !s.ok()) {
      log::Warn("cannot list LiveChat groups, group check skipped: {}", s.message());
      return absl::OkStatus();
    }
  }
  absl::MutexLock lock(&mu_);
  if (groups_.count(group_id)) return absl::OkStatus();
  return MakeError(absl::StatusCode::kInvalidArgument, reason::kGroupNotFound,
                   absl::StrCat(field, ": LiveChat group ", group_id,
                                " does not exist; use the id of one of your groups"),
                   {{"field", std::string(field)}});
}

}  // namespace hitl::handoff

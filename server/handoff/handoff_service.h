// The gateway's use cases, independent of gRPC: open a handoff (StartHitl),
// relay the end user's messages (SendMessage), close it (StopHitl) and read
// it (GetSession). Calls block on LiveChat; run them off gRPC's threads.
//
// Thread-safe.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "hitl/v1/hitl.pb.h"
#include "server/common/clock.h"
#include "server/common/keyed_mutex.h"
#include "server/handoff/customer_tokens.h"
#include "server/handoff/group_directory.h"
#include "server/handoff/session_ender.h"
#include "server/livechat/livechat_client.h"
#include "server/store/store.h"

namespace hitl::handoff {

// Title of the chat's first message when the bot gives none.
inline constexpr char kDefaultTitle[] = "Conversation handed over by a bot";

class HandoffService {
 public:
  HandoffService(int64_t default_group_id, store::Store& store,
                 livechat::LiveChatClient& livechat, CustomerTokens& tokens,
                 GroupDirectory& groups, SessionEnder& ender, Clock& clock);

  absl::StatusOr<hitl::v1::Session> StartHitl(const hitl::v1::StartHitlRequest& request);
  absl::StatusOr<hitl::v1::SendMessageResponse> SendMessage(
      const hitl::v1::SendMessageRequest& request);
  absl::StatusOr<hitl::v1::Session> StopHitl(const hitl::v1::StopHitlRequest& request);
  absl::StatusOr<hitl::v1::Session> GetSession(const hitl::v1::GetSessionRequest& request);

 private:
  // Opens the chat for a validated request; on failure closes what it opened.
  absl::StatusOr<hitl::v1::Session> OpenChat(const hitl::v1::StartHitlRequest& request,
                                             int64_t group_id);
  // Routes a stored session's chat to its group and notes it.
  absl::Status Route(const store::SessionRecord& session);
  // Posts part `index` of a SendMessage, unless an earlier attempt did.
  absl::StatusOr<std::string> PostPart(const store::SessionRecord& session,
                                       const std::string& request_id, bool record,
                                       const std::vector<std::string>& parts, size_t index,
                                       bool maybe_posted);
  // The chat turned out closed in LiveChat: end the session (its webhook
  // was missed) and say so.
  absl::Status EndedInLiveChat(const store::SessionRecord& session);

  const int64_t default_group_id_;
  store::Store& store_;
  livechat::LiveChatClient& livechat_;
  CustomerTokens& tokens_;
  GroupDirectory& groups_;
  SessionEnder& ender_;
  Clock& clock_;
  KeyedMutex start_requests_;
  KeyedMutex send_requests_;
};

}  // namespace hitl::handoff

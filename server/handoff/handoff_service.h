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
#include "server/handoff/customer_tokens.h"
#include "server/handoff/group_directory.h"
#include "server/handoff/request_claim.h"
#include "server/handoff/start_progress.h"
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
                 GroupDirectory& groups, SessionEnder& ender, Clock& clock,
                 ClaimPolicy claims = {});

  absl::StatusOr<hitl::v1::Session> StartHitl(const hitl::v1::StartHitlRequest& request);
  absl::StatusOr<hitl::v1::SendMessageResponse> SendMessage(
      const hitl::v1::SendMessageRequest& request);
  absl::StatusOr<hitl::v1::Session> StopHitl(const hitl::v1::StopHitlRequest& request);
  absl::StatusOr<hitl::v1::Session> GetSession(const hitl::v1::GetSessionRequest& request);

 private:
  // Opens the chat for a validated request; on failure closes what it
  // opened. With a claim, saves its progress there as it goes; with
  // `earlier` (the progress of an attempt that died), goes on with that
  // attempt's customer and chat instead of opening new ones.
  absl::StatusOr<hitl::v1::Session> OpenChat(const hitl::v1::StartHitlRequest& request,
                                             int64_t group_id, RequestClaim* claim,
                                             const StartProgress* earlier);
  // A new customer, or `earlier`'s back through its identity cookies.
  absl::StatusOr<livechat::CustomerCredentials> Customer(const StartProgress* earlier);
  // The session an earlier attempt of the same StartHitl stored, routed if
  // that attempt stopped before routing it (a crash). nullopt: it is gone.
  absl::StatusOr<std::optional<hitl::v1::Session>> Resume(const std::string& session_id);
  // Routes a stored session's chat to its group and notes it.
  absl::Status Route(const store::SessionRecord& session);
  // Posts part `index` of a SendMessage. `sent` holds the event ids of the
  // parts posted so far ("" = posting began, maybe done: look it up first),
  // saved as the claim's progress when there is a claim.
  absl::StatusOr<std::string> PostPart(const store::SessionRecord& session,
                                       const std::string& request_id, RequestClaim* claim,
                                       const std::vector<std::string>& parts, size_t index,
                                       std::vector<std::string>& sent);
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
  const ClaimPolicy claims_;
};

}  // namespace hitl::handoff

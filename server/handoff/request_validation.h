// Checks of the bot's requests before anything is sent to LiveChat. Each
// failure is INVALID_ARGUMENT naming the field and saying what is accepted.
#pragma once

#include "absl/status/status.h"
#include "hitl/v1/hitl.pb.h"

namespace hitl::handoff {

// Limits of the API, documented in the proto and the README.
inline constexpr size_t kMaxTranscriptMessages = 200;
inline constexpr size_t kMaxProperties = 50;
inline constexpr size_t kMaxPropertyKeyBytes = 100;
inline constexpr size_t kMaxPropertyValueBytes = 1024;
inline constexpr size_t kMaxIdBytes = 256;
inline constexpr size_t kMaxTitleBytes = 1024;
// StopHitl's reason is kept with the session and sent in its ended event.
inline constexpr size_t kMaxReasonBytes = 1024;
// The customer session field the gateway fills from user.id.
inline constexpr char kUserIdField[] = "user_id";

absl::Status ValidateStartHitl(const hitl::v1::StartHitlRequest& request);
absl::Status ValidateSendMessage(const hitl::v1::SendMessageRequest& request);
absl::Status ValidateStopHitl(const hitl::v1::StopHitlRequest& request);
// `field` names the request field for the error ("session_ids[2]").
absl::Status ValidateSessionId(const std::string& session_id,
                               const std::string& field = "session_id");

// Most sessions one SubscribeAgentEvents may name.
inline constexpr size_t kMaxSubscribedSessions = 100;

}  // namespace hitl::handoff

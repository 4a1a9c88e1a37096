#include "server/handoff/request_validation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "server/common/errors.h"
#include "server/handoff/text_splitter.h"

namespace hitl::handoff {
namespace {

absl::Status CheckText(const std::string& text, const std::string& field, bool required,
                       size_t max_bytes) {
  if (required && text.empty()) return InvalidField(field, "must not be empty");
  if (text.size() > max_bytes) {
    return InvalidField(field, absl::StrCat("is ", text.size(), " bytes; at most ", max_bytes,
                                            " are accepted"));
  }
  if (!IsValidUtf8(text)) return InvalidField(field, "is not valid UTF-8");
  return absl::OkStatus();
}

absl::Status CheckRequestId(const std::string& request_id) {
  return CheckText(request_id, "request_id", false, kMaxIdBytes);
}

}  // namespace

absl::Status ValidateSessionId(const std::string& session_id, const std::string& field) {
  return CheckText(session_id, field, true, kMaxIdBytes);
}

absl::Status ValidateStartHitl(const hitl::v1::StartHitlRequest& request) {
  const auto& user = request.user();
  if (absl::Status s = CheckText(user.id(), "user.id", true, kMaxIdBytes); !s.ok()) return s;
  if (absl::Status s = CheckText(user.name(), "user.name", false, kMaxIdBytes); !s.ok()) return s;
  if (absl::Status s = CheckText(user.email(), "user.email", false, kMaxIdBytes); !s.ok()) {
    return s;
  }
  if (!user.email().empty() && !absl::StrContains(user.email(), "@")) {
    return InvalidField("user.email", "is not an e-mail address");
  }
  if (absl::Status s = CheckText(request.title(), "title", false, kMaxTitleBytes); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckText(request.description(), "description", false, kMaxTextBytes);
      !s.ok()) {
    return s;
  }
  if (request.transcript_size() > static_cast<int>(kMaxTranscriptMessages)) {
    return InvalidField("transcript", absl::StrCat("has ", request.transcript_size(),
                                                   " messages; at most ",
                                                   kMaxTranscriptMessages, " are accepted"));
  }
  for (int i = 0; i < request.transcript_size(); ++i) {
    const auto& message = request.transcript(i);
    std::string field = absl::StrCat("transcript[", i, "]");
    if (message.role() != hitl::v1::AUTHOR_ROLE_USER &&
        message.role() != hitl::v1::AUTHOR_ROLE_BOT) {
      return InvalidField(absl::StrCat(field, ".role"),
                          "must be AUTHOR_ROLE_USER or AUTHOR_ROLE_BOT");
    }
    if (absl::Status s = CheckText(message.text(), absl::StrCat(field, ".text"), true,
                                   kMaxTextBytes);
        !s.ok()) {
      return s;
    }
  }
  if (request.properties_size() > static_cast<int>(kMaxProperties)) {
    return InvalidField("properties", absl::StrCat("has ", request.properties_size(),
                                                   " entries; at most ", kMaxProperties,
                                                   " are accepted"));
  }
  for (const auto& [key, value] : request.properties()) {
    // The key names the field only when it is short, valid text.
    std::string field = key.size() <= 40 && IsValidUtf8(key)
                            ? absl::StrCat("properties[", key, "]")
                            : std::string("properties");
    if (key == kUserIdField) {
      return InvalidField(field, absl::StrCat("'", kUserIdField,
                                              "' is reserved: the gateway sets it from user.id"));
    }
    if (absl::Status s = CheckText(key, field, true, kMaxPropertyKeyBytes); !s.ok()) return s;
    if (absl::Status s = CheckText(value, field, true, kMaxPropertyValueBytes); !s.ok()) {
      return s;
    }
  }
  if (request.has_group_id() && request.group_id() < 0) {
    return InvalidField("group_id", "must be a LiveChat group id (0 or more)");
  }
  return CheckRequestId(request.request_id());
}

absl::Status ValidateSendMessage(const hitl::v1::SendMessageRequest& request) {
  if (absl::Status s = ValidateSessionId(request.session_id()); !s.ok()) return s;
  if (absl::Status s = CheckText(request.text(), "text", true, kMaxTextBytes); !s.ok()) return s;
  return CheckRequestId(request.request_id());
}

absl::Status ValidateStopHitl(const hitl::v1::StopHitlRequest& request) {
  if (absl::Status s = ValidateSessionId(request.session_id()); !s.ok()) return s;
  return CheckText(request.reason(), "reason", false, kMaxReasonBytes);
}

}  // namespace hitl::handoff

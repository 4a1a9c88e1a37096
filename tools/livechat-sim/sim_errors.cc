#include "tools/livechat-sim/sim_errors.h"

#include "absl/strings/cord.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::sim {
namespace {

namespace error_type = livechat::wire::error_type;

constexpr absl::string_view kTypePayloadUrl = "type.hitl.dev/livechat-sim.ErrorType";

absl::StatusCode CodeFor(absl::string_view type) {
  if (type == error_type::kValidation) return absl::StatusCode::kInvalidArgument;
  if (type == error_type::kNotFound) return absl::StatusCode::kNotFound;
  if (type == error_type::kAuthentication) return absl::StatusCode::kUnauthenticated;
  if (type == error_type::kAuthorization || type == error_type::kMissingAccess) {
    return absl::StatusCode::kPermissionDenied;
  }
  if (type == error_type::kChatInactive) return absl::StatusCode::kFailedPrecondition;
  if (type == error_type::kTooManyRequests) return absl::StatusCode::kResourceExhausted;
  if (type == error_type::kServiceUnavailable) return absl::StatusCode::kUnavailable;
  return absl::StatusCode::kInternal;
}

}  // namespace

absl::Status LiveChatError(absl::string_view type, absl::string_view message) {
  absl::Status status(CodeFor(type), message.empty() ? livechat::wire::DefaultErrorMessage(type)
                                                     : std::string(message));
  status.SetPayload(kTypePayloadUrl, absl::Cord(type));
  return status;
}

absl::Status ValidationError(absl::string_view message) {
  return LiveChatError(error_type::kValidation, message);
}

absl::Status NotFoundError(absl::string_view message) {
  return LiveChatError(error_type::kNotFound, message);
}

absl::Status ChatInactiveError() { return LiveChatError(error_type::kChatInactive); }

std::string ErrorTypeOf(const absl::Status& status) {
  if (auto type = status.GetPayload(kTypePayloadUrl)) return std::string(*type);
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return "";
    case absl::StatusCode::kInvalidArgument:
      return std::string(error_type::kValidation);
    case absl::StatusCode::kNotFound:
      return std::string(error_type::kNotFound);
    case absl::StatusCode::kUnauthenticated:
      return std::string(error_type::kAuthentication);
    case absl::StatusCode::kPermissionDenied:
      return std::string(error_type::kAuthorization);
    case absl::StatusCode::kFailedPrecondition:
      return std::string(error_type::kChatInactive);
    default:
      return std::string(error_type::kInternal);
  }
}

livechat::wire::ApiError ToApiError(const absl::Status& status) {
  livechat::wire::ApiError error;
  error.type = ErrorTypeOf(status);
  error.message = status.message().empty() ? livechat::wire::DefaultErrorMessage(error.type)
                                           : std::string(status.message());
  return error;
}

}  // namespace hitl::sim

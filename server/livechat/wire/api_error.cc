#include "server/livechat/wire/api_error.h"

#include <map>

#include "server/livechat/wire/protocol.h"

namespace hitl::livechat::wire {

Json ToJson(const ApiError& error) {
  Json inner = {{"type", error.type}, {"message", error.message}};
  if (!error.data.is_null()) inner["data"] = error.data;
  return Json{{"error", inner}};
}

std::optional<ApiError> ParseApiError(absl::string_view body) {
  auto parsed = ParseJson(body);
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  FieldReader top(*parsed, "");
  const Json* inner = top.Object("error", /*required=*/true);
  if (inner == nullptr) return std::nullopt;
  FieldReader fields(*inner, "error");
  ApiError error;
  error.type = fields.RequiredString("type");
  error.message = fields.OptionalString("message").value_or("");
  if (const Json* data = fields.Object("data", false)) error.data = *data;
  if (!fields.ok()) return std::nullopt;
  return error;
}

std::string DefaultErrorMessage(absl::string_view type) {
  static const auto* const kMessages = new std::map<std::string, std::string, std::less<>>{
      {"authentication", "Authentication error"},
      {"authorization", "Authorization error"},
      {"missing_access", "Missing access"},
      {"validation", "Wrong format of request"},
      {"not_found", "Not found"},
      {"chat_inactive", "Chat is inactive"},
      {"entity_too_large", "Upload limit exceeded (10MB)."},
      {"too_many_requests", "Too many requests"},
      {"request_timeout", "Request timed out"},
      {"internal", "Internal server error"},
      {"service_unavailable", "Service unavailable"},
      {"misdirected_request", "Wrong region"},
      {"limit_reached", "Limit reached"},
      {"license_expired", "License expired"},
      {"license_not_found", "License not found"},
      {"unsupported_version", "Cannot call unsupported API versions."},
      {"wrong_product_version", "Wrong product version"},
      {"agent_offline", "Agent offline"},
      {"customer_banned", "Customer is banned"},
      {"groups_offline", "Groups offline"},
      {"group_offline", "Group is offline"},
      {"group_unavailable", "No agent available for group"},
      {"group_not_found", "Group not found"},
      {"chat_anonymized", "Chat anonymized"},
      {"already_exists", "Already exists"},
  };
  auto it = kMessages->find(type);
  return it == kMessages->end() ? std::string("Error") : it->second;
}

int HttpStatusForErrorType(absl::string_view type) {
  using namespace error_type;
  if (type == kAuthentication) return 401;
  if (type == kAuthorization || type == kMissingAccess ||
      type == kCustomerBanned || type == kLicenseExpired) {
    return 403;
  }
  if (type == kNotFound || type == kLicenseNotFound) return 404;
  if (type == kEntityTooLarge) return 413;
  if (type == kMisdirectedRequest) return 421;
  if (type == kTooManyRequests) return 429;
  if (type == kInternal) return 500;
  if (type == kServiceUnavailable) return 503;
  if (type == kRequestTimeout) return 504;
  return 400;  // validation, chat_inactive, limit_reached, group errors, ...
}

Json ToJson(const OAuthError& error) {
  return Json{{"oauth_exception", error.exception},
              {"exception_description", error.description}};
}

std::optional<OAuthError> ParseOAuthError(absl::string_view body) {
  auto parsed = ParseJson(body);
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  FieldReader fields(*parsed, "");
  OAuthError error;
  error.exception = fields.RequiredString("oauth_exception");
  error.description = fields.OptionalString("exception_description").value_or("");
  if (!fields.ok()) return std::nullopt;
  return error;
}

}  // namespace hitl::livechat::wire

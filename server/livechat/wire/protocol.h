// Names and paths of LiveChat's Web APIs v3.x and accounts service, as
// ../shared-style API notes describe them: one place for every string both the
// adapter and the simulator must agree on.
#pragma once

#include <cstddef>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/strings/str_cat.h"

namespace hitl::livechat::wire {

// Actions of the Agent Chat, Customer Chat and Configuration APIs.
namespace action {
inline constexpr absl::string_view kStartChat = "start_chat";
inline constexpr absl::string_view kSendEvent = "send_event";
inline constexpr absl::string_view kDeactivateChat = "deactivate_chat";
inline constexpr absl::string_view kTransferChat = "transfer_chat";
inline constexpr absl::string_view kAddUserToChat = "add_user_to_chat";
inline constexpr absl::string_view kGetChat = "get_chat";
inline constexpr absl::string_view kUpdateCustomer = "update_customer";
inline constexpr absl::string_view kGetCustomer = "get_customer";
inline constexpr absl::string_view kListGroups = "list_groups";
inline constexpr absl::string_view kListChats = "list_chats";
// Not an API action: the accounts service's token endpoint, named like one so
// retries, faults and logs treat every call alike.
inline constexpr absl::string_view kCustomerToken = "customer_token";
}  // namespace action

// Webhook actions the gateway consumes.
namespace webhook_action {
inline constexpr absl::string_view kIncomingEvent = "incoming_event";
inline constexpr absl::string_view kChatDeactivated = "chat_deactivated";
inline constexpr absl::string_view kChatTransferred = "chat_transferred";
}  // namespace webhook_action

// `error.type` values of the error envelope.
namespace error_type {
inline constexpr absl::string_view kAuthentication = "authentication";
inline constexpr absl::string_view kAuthorization = "authorization";
inline constexpr absl::string_view kMissingAccess = "missing_access";
inline constexpr absl::string_view kValidation = "validation";
inline constexpr absl::string_view kNotFound = "not_found";
inline constexpr absl::string_view kChatInactive = "chat_inactive";
inline constexpr absl::string_view kEntityTooLarge = "entity_too_large";
inline constexpr absl::string_view kTooManyRequests = "too_many_requests";
inline constexpr absl::string_view kRequestTimeout = "request_timeout";
inline constexpr absl::string_view kInternal = "internal";
inline constexpr absl::string_view kServiceUnavailable = "service_unavailable";
inline constexpr absl::string_view kMisdirectedRequest = "misdirected_request";
inline constexpr absl::string_view kLimitReached = "limit_reached";
inline constexpr absl::string_view kLicenseExpired = "license_expired";
inline constexpr absl::string_view kLicenseNotFound = "license_not_found";
inline constexpr absl::string_view kUnsupportedVersion = "unsupported_version";
inline constexpr absl::string_view kWrongProductVersion = "wrong_product_version";
inline constexpr absl::string_view kAgentOffline = "agent_offline";
inline constexpr absl::string_view kCustomerBanned = "customer_banned";
inline constexpr absl::string_view kGroupsOffline = "groups_offline";
inline constexpr absl::string_view kGroupOffline = "group_offline";
inline constexpr absl::string_view kGroupUnavailable = "group_unavailable";
inline constexpr absl::string_view kGroupNotFound = "group_not_found";
inline constexpr absl::string_view kChatAnonymized = "chat_anonymized";
inline constexpr absl::string_view kAlreadyExists = "already_exists";
}  // namespace error_type

// LiveChat's documented limit for a message event's text: 16 KB of raw UTF-8.
inline constexpr size_t kMaxEventTextBytes = 16 * 1024;

// Names of the customer identity cookies of the accounts service.
inline constexpr absl::string_view kCustomerIdCookie = "__lc_cid";
inline constexpr absl::string_view kCustomerSecretCookie = "__lc_cst";

// "/v3.5/agent/action/send_event"
inline std::string AgentActionPath(absl::string_view version,
                                   absl::string_view name) {
  return absl::StrCat("/v", version, "/agent/action/", name);
}
// "/v3.5/customer/action/send_event" (the caller adds ?organization_id=).
inline std::string CustomerActionPath(absl::string_view version,
                                      absl::string_view name) {
  return absl::StrCat("/v", version, "/customer/action/", name);
}
// "/v3.5/configuration/action/list_groups"
inline std::string ConfigurationActionPath(absl::string_view version,
                                           absl::string_view name) {
  return absl::StrCat("/v", version, "/configuration/action/", name);
}
// The accounts service's customer token endpoint.
inline constexpr absl::string_view kCustomerTokenPath = "/v2/customer/token";

}  // namespace hitl::livechat::wire

// Requests and responses of the Agent Chat, Customer Chat and Configuration
// API actions the gateway uses. ToJson builds exactly what LiveChat documents
// (empty optional fields omitted); Parse* validates required fields and
// ignores unknown ones. The adapter builds requests and parses responses; the
// simulator does the reverse with the same code.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/livechat/wire/event.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::livechat::wire {

namespace user_type {
inline constexpr absl::string_view kAgent = "agent";
inline constexpr absl::string_view kCustomer = "customer";
}  // namespace user_type

// An existing user to put into a new chat.
struct ChatUserRef {
  std::string id;
  std::string type;  // "agent" | "customer"
};

// agent/start_chat
struct StartChatRequest {
  std::vector<ChatUserRef> users;
  std::vector<int64_t> group_ids;    // chat.access.group_ids
  std::vector<Event> events;         // chat.thread.events
  Json properties;                   // chat.properties, null when absent
  std::optional<bool> active;
  std::optional<bool> continuous;
};
Json ToJson(const StartChatRequest& request);
absl::StatusOr<StartChatRequest> ParseStartChatRequest(const Json& json);

// agent/start_chat and customer/start_chat
struct StartChatResponse {
  std::string chat_id;
  std::string thread_id;
  std::vector<std::string> event_ids;
};
Json ToJson(const StartChatResponse& response);
absl::StatusOr<StartChatResponse> ParseStartChatResponse(const Json& json);

// agent/send_event and customer/send_event
struct SendEventRequest {
  std::string chat_id;
  Event event;
  std::optional<bool> attach_to_last_thread;
};
Json ToJson(const SendEventRequest& request);
absl::StatusOr<SendEventRequest> ParseSendEventRequest(const Json& json);

struct SendEventResponse {
  std::string event_id;
};
Json ToJson(const SendEventResponse& response);
absl::StatusOr<SendEventResponse> ParseSendEventResponse(const Json& json);

// agent/deactivate_chat and customer/deactivate_chat
struct DeactivateChatRequest {
  std::string id;
  std::optional<bool> ignore_requester_presence;
};
Json ToJson(const DeactivateChatRequest& request);
absl::StatusOr<DeactivateChatRequest> ParseDeactivateChatRequest(const Json& json);

// agent/transfer_chat
struct TransferTarget {
  std::string type;                    // "group" | "agent"
  std::vector<int64_t> group_ids;      // target.ids when type == "group"
  std::vector<std::string> agent_ids;  // target.ids when type == "agent"
};
struct TransferChatRequest {
  std::string id;
  std::optional<TransferTarget> target;
  std::optional<bool> ignore_agents_availability;
  std::optional<bool> ignore_requester_presence;
};
Json ToJson(const TransferChatRequest& request);
absl::StatusOr<TransferChatRequest> ParseTransferChatRequest(const Json& json);

// agent/get_chat
struct GetChatRequest {
  std::string chat_id;
  std::string thread_id;  // empty: the latest thread
};
Json ToJson(const GetChatRequest& request);
absl::StatusOr<GetChatRequest> ParseGetChatRequest(const Json& json);

struct QueueInfo {
  int64_t position = 0;
  int64_t wait_time = 0;   // seconds
  std::string queued_at;   // RFC 3339
};
Json ToJson(const QueueInfo& queue);
// Reads `fields`' "queue" object if present. The webhook docs' sample spells
// `queued_at_us`; everything else says `queued_at`: both are accepted.
std::optional<QueueInfo> ReadQueue(FieldReader& fields);

struct Thread {
  std::string id;
  std::string created_at;
  bool active = false;
  std::vector<std::string> user_ids;
  std::vector<Event> events;
  std::vector<int64_t> group_ids;  // access.group_ids
  std::optional<QueueInfo> queue;
};

struct ChatUser {
  std::string id;
  std::string type;
  std::string name;
  std::string email;
  std::optional<bool> present;
};

struct Chat {
  std::string id;
  std::vector<ChatUser> users;
  std::optional<Thread> thread;
  std::vector<int64_t> group_ids;  // access.group_ids
};
Json ToJson(const Chat& chat);
absl::StatusOr<Chat> ParseChat(const Json& json);

// customer/update_customer
struct UpdateCustomerRequest {
  std::optional<std::string> name;
  std::optional<std::string> email;
  // Kept in order; each becomes a single-key object.
  std::vector<std::pair<std::string, std::string>> session_fields;
};
Json ToJson(const UpdateCustomerRequest& request);
absl::StatusOr<UpdateCustomerRequest> ParseUpdateCustomerRequest(const Json& json);

// customer/get_customer
struct Customer {
  std::string id;
  std::string name;
  std::string email;
  std::vector<std::pair<std::string, std::string>> session_fields;
};
Json ToJson(const Customer& customer);
absl::StatusOr<Customer> ParseCustomer(const Json& json);

// configuration/list_groups answers a top-level array of these.
struct Group {
  int64_t id = 0;
  std::string name;
  std::string language_code;
  std::map<std::string, std::string> agent_priorities;
  std::string routing_status;
};
Json ToJson(const std::vector<Group>& groups);
absl::StatusOr<std::vector<Group>> ParseGroups(const Json& json);

}  // namespace hitl::livechat::wire

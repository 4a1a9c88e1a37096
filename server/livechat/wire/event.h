// LiveChat's chat event (message, file, system_message, and any other type,
// kept by name), as sent in requests and as pushed back in responses and
// webhooks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::livechat::wire {

namespace event_type {
inline constexpr absl::string_view kMessage = "message";
inline constexpr absl::string_view kFile = "file";
inline constexpr absl::string_view kSystemMessage = "system_message";
}  // namespace event_type

namespace visibility {
inline constexpr absl::string_view kAll = "all";
inline constexpr absl::string_view kAgents = "agents";
}  // namespace visibility

struct Event {
  // Common. `id`, `created_at`, `author_id` are set by LiveChat.
  std::string id;
  std::string custom_id;
  std::string created_at;
  std::string type;
  std::string author_id;
  std::string visibility;
  Json properties;  // null when absent
  // message
  std::string text;
  // file
  std::string name;
  std::string url;
  std::string content_type;
  std::string thumbnail_url;
  std::string thumbnail2x_url;
  std::string alternative_text;
  std::optional<int64_t> size;
  std::optional<int64_t> width;
  std::optional<int64_t> height;
  // system_message
  std::string system_message_type;
  Json text_vars;  // null when absent
};

// How strictly to read an event.
enum class EventSource {
  // Sent by a client in a request: `type` and the type's content fields.
  kRequest,
  // Pushed by LiveChat (responses, webhooks): also `id`, `created_at`,
  // `author_id` (but system messages have none), file name and content type.
  kPushed,
};

// Omits every empty field.
Json ToJson(const Event& event);
absl::StatusOr<Event> ParseEvent(const Json& json, absl::string_view path,
                                 EventSource source);

}  // namespace hitl::livechat::wire

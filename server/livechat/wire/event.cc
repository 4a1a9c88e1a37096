#include "server/livechat/wire/event.h"

namespace hitl::livechat::wire {
namespace {

void PutIfSet(Json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

void PutIfSet(Json& out, const char* key, const std::optional<int64_t>& value) {
  if (value) out[key] = *value;
}

}  // namespace

Json ToJson(const Event& event) {
  Json out = Json::object();
  PutIfSet(out, "id", event.id);
  PutIfSet(out, "custom_id", event.custom_id);
  PutIfSet(out, "created_at", event.created_at);
  PutIfSet(out, "type", event.type);
  PutIfSet(out, "author_id", event.author_id);
  PutIfSet(out, "visibility", event.visibility);
  if (!event.properties.is_null()) out["properties"] = event.properties;
  PutIfSet(out, "text", event.text);
  PutIfSet(out, "name", event.name);
  PutIfSet(out, "url", event.url);
  PutIfSet(out, "content_type", event.content_type);
  PutIfSet(out, "thumbnail_url", event.thumbnail_url);
  PutIfSet(out, "thumbnail2x_url", event.thumbnail2x_url);
  PutIfSet(out, "alternative_text", event.alternative_text);
  PutIfSet(out, "size", event.size);
  PutIfSet(out, "width", event.width);
  PutIfSet(out, "height", event.height);
  PutIfSet(out, "system_message_type", event.system_message_type);
  if (!event.text_vars.is_null()) out["text_vars"] = event.text_vars;
  return out;
}

absl::StatusOr<Event> ParseEvent(const Json& json, absl::string_view path,
                                 EventSource source) {
  FieldReader fields(json, std::string(path));
  Event event;
  const bool pushed = source == EventSource::kPushed;
  event.type = fields.RequiredString("type");
  event.custom_id = fields.OptionalString("custom_id").value_or("");
  event.visibility = fields.OptionalString("visibility").value_or("");
  if (const Json* properties = fields.Object("properties", false)) {
    event.properties = *properties;
  }
  if (pushed) {
    event.id = fields.RequiredString("id");
    event.created_at = fields.RequiredString("created_at");
  } else {
    event.id = fields.OptionalString("id").value_or("");
    event.created_at = fields.OptionalString("created_at").value_or("");
  }
  // Requests may name an author only in start_chat's initial events.
  const bool needs_author = pushed && event.type != event_type::kSystemMessage;
  event.author_id = needs_author ? fields.RequiredString("author_id")
                                 : fields.OptionalString("author_id").value_or("");
  if (event.type == event_type::kMessage) {
    event.text = fields.RequiredString("text");
  } else if (event.type == event_type::kFile) {
    event.url = fields.RequiredString("url");
    event.name = pushed ? fields.RequiredString("name")
                        : fields.OptionalString("name").value_or("");
    event.content_type = pushed ? fields.RequiredString("content_type")
                                : fields.OptionalString("content_type").value_or("");
    event.thumbnail_url = fields.OptionalString("thumbnail_url").value_or("");
    event.thumbnail2x_url = fields.OptionalString("thumbnail2x_url").value_or("");
    event.alternative_text = fields.OptionalString("alternative_text").value_or("");
    event.size = fields.OptionalInt("size");
    event.width = fields.OptionalInt("width");
    event.height = fields.OptionalInt("height");
  } else if (event.type == event_type::kSystemMessage) {
    event.system_message_type = fields.RequiredString("system_message_type");
    event.text = fields.OptionalString("text").value_or("");
    if (const Json* vars = fields.Object("text_vars", false)) event.text_vars = *vars;
  } else {
    // rich_message, filled_form, custom, ...: kept by type only.
    event.text = fields.OptionalString("text").value_or("");
  }
  if (!fields.ok()) return fields.status();
  return event;
}

}  // namespace hitl::livechat::wire

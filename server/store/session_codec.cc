#include "server/store/session_codec.h"

#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/common/json_bounds.h"

namespace hitl::store {
namespace {

using Json = nlohmann::json;

// Bumped when a field changes meaning; decoding refuses newer formats.
constexpr int kFormat = 1;

template <typename T>
T Field(const Json& json, const char* name, T fallback) {
  auto it = json.find(name);
  return it == json.end() ? fallback : it->get<T>();
}

}  // namespace

int64_t TimeToMicros(absl::Time time) {
  if (time == absl::InfinitePast()) return std::numeric_limits<int64_t>::min();
  if (time == absl::InfiniteFuture()) return std::numeric_limits<int64_t>::max();
  return absl::ToUnixMicros(time);
}

absl::Time MicrosToTime(int64_t micros) {
  if (micros == std::numeric_limits<int64_t>::min()) return absl::InfinitePast();
  if (micros == std::numeric_limits<int64_t>::max()) return absl::InfiniteFuture();
  return absl::FromUnixMicros(micros);
}

absl::StatusOr<std::string> EncodeSession(const SessionRecord& s) {
  Json json = {
      {"format", kFormat},
      {"session_id", s.session_id},
      {"chat_id", s.chat_id},
      {"thread_id", s.thread_id},
      {"customer_id", s.customer_id},
      {"user_id", s.user_id},
      {"group_id", s.group_id},
      {"state", static_cast<int>(s.state)},
      {"agent_ids", s.agent_ids},
      {"create_time_us", TimeToMicros(s.create_time)},
      {"end_time_us", s.end_time ? Json(TimeToMicros(*s.end_time)) : Json(nullptr)},
      {"end_reason", s.end_reason},
      {"ended_by", static_cast<int>(s.ended_by)},
      {"routed", s.routed},
      {"opening_event_ids", s.opening_event_ids},
      {"last_transfer_hash", s.last_transfer_hash},
      {"stop_requested", s.stop_requested},
      {"stop_reason", s.stop_reason},
      {"customer",
       {{"access_token", s.customer.access_token},
        {"token_expires_at_us", TimeToMicros(s.customer.token_expires_at)},
        {"cookie_customer_id", s.customer.cookie_customer_id},
        {"cookie_secret", s.customer.cookie_secret}}},
  };
  try {
    return json.dump();
  } catch (const Json::exception&) {
    // The message would quote the offending bytes, which may be a secret.
    return absl::InvalidArgumentError(
        absl::StrCat("session '", s.session_id, "' has a field that is not UTF-8"));
  }
}

absl::StatusOr<SessionRecord> DecodeSession(absl::string_view bytes) {
  if (!CheckJsonBounds(bytes, "session record").ok()) {
    return absl::DataLossError("session record is not a JSON object of the expected shape");
  }
  Json json = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return absl::DataLossError("session record is not a JSON object");
  try {
    int format = json.at("format").get<int>();
    if (format != kFormat) {
      return absl::DataLossError(
          absl::StrCat("session record has format ", format, "; this gateway reads ", kFormat,
                       " (written by a different version?)"));
    }
    SessionRecord s;
    s.session_id = json.at("session_id").get<std::string>();
    s.chat_id = json.at("chat_id").get<std::string>();
    s.thread_id = Field<std::string>(json, "thread_id", "");
    s.customer_id = Field<std::string>(json, "customer_id", "");
    s.user_id = Field<std::string>(json, "user_id", "");
    s.group_id = Field<int64_t>(json, "group_id", 0);
    int state = json.at("state").get<int>();
    if (state < static_cast<int>(SessionState::kWaiting) ||
        state > static_cast<int>(SessionState::kEnded)) {
      return absl::DataLossError(absl::StrCat("session record has unknown state ", state));
    }
    s.state = static_cast<SessionState>(state);
    s.agent_ids = Field<std::vector<std::string>>(json, "agent_ids", {});
    s.create_time = MicrosToTime(json.at("create_time_us").get<int64_t>());
    if (auto end = json.find("end_time_us"); end != json.end() && !end->is_null()) {
      s.end_time = MicrosToTime(end->get<int64_t>());
    }
    s.end_reason = Field<std::string>(json, "end_reason", "");
    int ended_by = Field<int>(json, "ended_by", 0);
    if (ended_by < static_cast<int>(EndedBy::kNone) ||
        ended_by > static_cast<int>(EndedBy::kLiveChat)) {
      return absl::DataLossError(absl::StrCat("session record has unknown ended_by ", ended_by));
    }
    s.ended_by = static_cast<EndedBy>(ended_by);
    s.routed = Field<bool>(json, "routed", false);
    s.opening_event_ids = Field<std::vector<std::string>>(json, "opening_event_ids", {});
    s.last_transfer_hash = Field<std::string>(json, "last_transfer_hash", "");
    s.stop_requested = Field<bool>(json, "stop_requested", false);
    s.stop_reason = Field<std::string>(json, "stop_reason", "");
    const Json& customer = json.at("customer");
    s.customer.access_token = Field<std::string>(customer, "access_token", "");
    s.customer.token_expires_at = MicrosToTime(Field<int64_t>(
        customer, "token_expires_at_us", std::numeric_limits<int64_t>::min()));
    s.customer.cookie_customer_id = Field<std::string>(customer, "cookie_customer_id", "");
    s.customer.cookie_secret = Field<std::string>(customer, "cookie_secret", "");
    return s;
  } catch (const Json::exception& e) {
    // nlohmann's messages name the field and the type, never the value.
    return absl::DataLossError(absl::StrCat("session record is malformed: ", e.what()));
  }
}

}  // namespace hitl::store

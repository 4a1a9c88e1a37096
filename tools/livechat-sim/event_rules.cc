#include "tools/livechat-sim/event_rules.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/livechat/wire/protocol.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;

std::string ContentTypeFor(absl::string_view name) {
  static const auto* const kTypes = new std::map<std::string, std::string>{
      {"png", "image/png"},       {"jpg", "image/jpeg"},  {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},       {"webp", "image/webp"}, {"pdf", "application/pdf"},
      {"txt", "text/plain"},      {"csv", "text/csv"},    {"json", "application/json"},
      {"zip", "application/zip"}, {"mp3", "audio/mpeg"},  {"mp4", "video/mp4"}};
  size_t dot = name.rfind('.');
  if (dot != absl::string_view::npos) {
    auto it = kTypes->find(absl::AsciiStrToLower(name.substr(dot + 1)));
    if (it != kTypes->end()) return it->second;
  }
  return "application/octet-stream";
}

}  // namespace

absl::Status CheckNewEvent(const wire::Event& event, absl::string_view path) {
  auto invalid = [path](absl::string_view field, absl::string_view problem) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".", field, ": ", problem));
  };
  if (event.type == "form") return invalid("type", "form events cannot be sent");
  static const auto* const kTypes = new std::set<std::string, std::less<>>{
      "message", "file", "rich_message", "system_message", "filled_form", "custom"};
  if (!kTypes->count(event.type)) {
    return invalid("type", absl::StrCat("unknown event type '", event.type, "'"));
  }
  if (!event.visibility.empty() && event.visibility != wire::visibility::kAll &&
      event.visibility != wire::visibility::kAgents) {
    return invalid("visibility", "expected \"all\" or \"agents\"");
  }
  if (event.type == wire::event_type::kMessage) {
    if (event.text.empty()) return invalid("text", "must not be empty");
    if (event.text.size() > wire::kMaxEventTextBytes) {
      return invalid("text", absl::StrCat("is ", event.text.size(), " bytes; the limit is ",
                                          wire::kMaxEventTextBytes, " bytes"));
    }
  }
  if (event.type == wire::event_type::kFile && event.url.empty()) {
    return invalid("url", "must not be empty");
  }
  return absl::OkStatus();
}

void CompleteFileEvent(wire::Event& event) {
  if (event.type != wire::event_type::kFile) return;
  if (event.name.empty()) {
    absl::string_view url = event.url;
    url = url.substr(0, url.find_first_of("?#"));
    size_t slash = url.rfind('/');
    event.name = std::string(slash == absl::string_view::npos ? url : url.substr(slash + 1));
    if (event.name.empty()) event.name = "file";
  }
  if (event.content_type.empty()) event.content_type = ContentTypeFor(event.name);
}

std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to a sequence start.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace hitl::sim

// LiveChat's rules for the content of a new event (before the simulator
// stamps id, author and time on it), shared by every way an event enters a
// chat: start_chat, send_event and the control API.
//
// Thread-safe: pure functions.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/livechat/wire/event.h"

namespace hitl::sim {

// Validation error naming `path` ("event.text") when the event cannot be
// sent: unknown or unsupported type ("form"), empty or over-long message text
// (wire::kMaxEventTextBytes), file without url, bad visibility.
absl::Status CheckNewEvent(const livechat::wire::Event& event, absl::string_view path);

// Fills what LiveChat derives for a file event sent by URL only: the name
// (last path segment) and content type (from the extension).
void CompleteFileEvent(livechat::wire::Event& event);

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

}  // namespace hitl::sim

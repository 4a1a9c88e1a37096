// Unit tests of the simulator's small pure parts: event rules, URL
// splitting, fault specs and the fault injector.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/livechat/wire/protocol.h"
#include "tools/livechat-sim/event_rules.h"
#include "tools/livechat-sim/faults.h"
#include "tools/livechat-sim/http_url.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

namespace wire = livechat::wire;
using wire::Json;

wire::Event Message(std::string text) {
  wire::Event event;
  event.type = "message";
  event.text = std::move(text);
  return event;
}

TEST(SimEventRules, MessageTextMustBeNonEmptyAndAtMost16KiB) {
  EXPECT_TRUE(CheckNewEvent(Message(std::string(wire::kMaxEventTextBytes, 'x')), "event").ok());
  absl::Status too_long =
      CheckNewEvent(Message(std::string(wire::kMaxEventTextBytes + 1, 'x')), "event");
  EXPECT_EQ(ErrorTypeOf(too_long), "validation");
  EXPECT_TRUE(absl::StartsWith(too_long.message(), "event.text:")) << too_long;
  EXPECT_TRUE(absl::StartsWith(CheckNewEvent(Message(""), "chat.thread.events[0]").message(),
                               "chat.thread.events[0].text:"));
}

TEST(SimEventRules, RejectsFormsAndUnknownVisibility) {
  wire::Event form;
  form.type = "form";
  EXPECT_FALSE(CheckNewEvent(form, "event").ok());
  wire::Event unknown;
  unknown.type = "hologram";
  EXPECT_TRUE(absl::StartsWith(CheckNewEvent(unknown, "event").message(), "event.type:"));
  wire::Event hidden = Message("x");
  hidden.visibility = "nobody";
  EXPECT_FALSE(CheckNewEvent(hidden, "event").ok());
}

TEST(SimEventRules, CompletesFileNameAndContentTypeFromTheUrl) {
  wire::Event file;
  file.type = "file";
  file.url = "https://cdn.livechat-files.com/api/file/lc/att/1/abc/receipt.PDF?x=1";
  CompleteFileEvent(file);
  EXPECT_EQ(file.name, "receipt.PDF");
  EXPECT_EQ(file.content_type, "application/pdf");
  wire::Event unknown;
  unknown.type = "file";
  unknown.url = "https://cdn.example/blob";
  CompleteFileEvent(unknown);
  EXPECT_EQ(unknown.content_type, "application/octet-stream");
}

TEST(SimEventRules, TruncatesWithoutSplittingUtf8) {
  EXPECT_EQ(TruncateUtf8("hello", 10), "hello");
  EXPECT_EQ(TruncateUtf8("hello", 3), "hel");
  // "é" is two bytes: cutting after its first byte drops it whole.
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9", 2), "a");
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9", 3), "a\xC3\xA9");
}

TEST(SimHttpUrl, SplitsOriginAndPath) {
  auto url = ParseHttpUrl("http://127.0.0.1:8080/livechat/webhook?x=1");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->origin, "http://127.0.0.1:8080");
  EXPECT_EQ(url->path, "/livechat/webhook?x=1");
  auto bare = ParseHttpUrl("https://example.com");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->path, "/");
  EXPECT_FALSE(ParseHttpUrl("ftp://example.com/").ok());
  EXPECT_FALSE(ParseHttpUrl("http:///path").ok());
  EXPECT_FALSE(ParseHttpUrl("").ok());
}

TEST(SimErrors, CarryTheLiveChatType) {
  absl::Status status = LiveChatError("chat_inactive");
  EXPECT_EQ(ErrorTypeOf(status), "chat_inactive");
  EXPECT_EQ(ToApiError(status).message, "Chat is inactive");
  EXPECT_EQ(ErrorTypeOf(absl::InvalidArgumentError("x")), "validation");
  EXPECT_EQ(ErrorTypeOf(LiveChatError("brand_new_type", "m")), "brand_new_type");
}

TEST(SimFaults, ParsesAndValidatesSpecs) {
  auto fault = ParseFault(Json{{"action", "send_event"},
                               {"api", "customer"},
                               {"count", 2},
                               {"error_type", "too_many_requests"},
                               {"retry_after_seconds", 3},
                               {"mode", "after"},
                               {"latency_ms", 10}});
  ASSERT_TRUE(fault.ok()) << fault.status();
  EXPECT_EQ(fault->count, 2);
  EXPECT_EQ(fault->mode, FaultMode::kAfter);
  EXPECT_EQ(fault->latency, absl::Milliseconds(10));
  EXPECT_EQ(*fault->retry_after_seconds, 3);
  EXPECT_TRUE(ParseFault(Json{{"action", "get_chat"}, {"latency_ms", 100}}).ok());

  for (const Json& bad : {Json{{"error_type", "internal"}}, Json{{"action", "x"}},
                          Json{{"action", "x"}, {"error_type", "internal"}, {"count", 0}},
                          Json{{"action", "x"}, {"error_type", "internal"}, {"mode", "during"}},
                          Json{{"action", "x"}, {"error_type", "internal"}, {"api", "rtm"}},
                          Json{{"action", "x"}, {"latency_ms", 5}, {"mode", "after"}},
                          Json{{"action", "x"}, {"error_type", 5}}}) {
    EXPECT_FALSE(ParseFault(bad).ok()) << bad;
  }
}

TEST(SimFaults, InjectorCountsDownAndScopesByApi) {
  FaultInjector faults;
  Fault fault;
  fault.action = "send_event";
  fault.api = "customer";
  fault.count = 2;
  fault.error_type = "internal";
  faults.Add(fault);
  EXPECT_FALSE(faults.Take("agent", "send_event"));
  EXPECT_FALSE(faults.Take("customer", "get_chat"));
  EXPECT_TRUE(faults.Take("customer", "send_event"));
  EXPECT_EQ(faults.Armed().front().count, 1);
  EXPECT_TRUE(faults.Take("customer", "send_event"));
  EXPECT_FALSE(faults.Take("customer", "send_event"));
  EXPECT_TRUE(faults.Armed().empty());
  fault.api = "";
  faults.Add(fault);
  EXPECT_TRUE(faults.Take("agent", "send_event"));
  faults.Clear();
  EXPECT_FALSE(faults.Take("agent", "send_event"));
}

}  // namespace
}  // namespace hitl::sim

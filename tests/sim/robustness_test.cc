// Malformed requests to every endpoint get a 4xx answer with an
// explanation, never a crash or an internal error.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/sim/sim_test_support.h"

namespace hitl::sim::testing {
namespace {

using SimRobustness = SimTest;

const std::vector<std::string>& OddBodies() {
  static const auto* const kBodies = new std::vector<std::string>{
      "",
      "null",
      "[]",
      "1",
      "\"text\"",
      "{}",
      "{",
      "\xff\xfe",
      R"({"a":"\ud800"})",
      R"({"chat":null})",
      R"({"chat":[]})",
      R"({"chat":{"users":{}}})",
      R"({"chat":{"users":[1,{"id":2,"type":[]}]}})",
      R"({"chat":{"thread":{"events":[1,{},{"type":"message","text":7}]}}})",
      R"({"chat":{"access":{"group_ids":["7"]}}})",
      R"({"chat":{"properties":[]}})",
      R"({"chat":{"properties":{"routing":"x"}}})",
      R"({"chat_id":1,"event":[]})",
      R"({"chat_id":"X","event":{"type":7}})",
      R"({"chat_id":"X","event":{"type":"file"}})",
      R"({"id":[],"target":{"type":"group","ids":["x"]}})",
      R"({"id":"X","target":{"type":"agent","ids":[1]}})",
      R"({"filters":[]})",
      R"({"filters":{"group_ids":"7"}})",
      R"({"limit":"x"})",
      R"({"limit":-1})",
      R"({"session_fields":[1]})",
      R"({"session_fields":[{"a":1}]})",
      R"({"session_fields":[{"a":"1","b":"2"}]})",
      R"({"fields":"x"})",
      R"({"fields":[1]})",
      R"({"grant_type":[],"client_id":{}})",
      R"({"text":[],"agent_id":5})",
      R"({"agent_ids":"x","queue":{"position":"1"}})",
      R"({"accepting":"yes"})",
      R"({"action":"send_event","count":1e400})",
      R"({"count":-5})"};
  return *kBodies;
}

TEST_F(SimRobustness, LiveChatEndpointsRefuseOddBodiesCleanly) {
  CustomerGrant customer = Token();
  const std::string chat_id = StartRoutedChat(customer);
  const std::string org = "?organization_id=" + organization_id_;
  struct Target {
    std::string path;
    httplib::Headers headers;
  };
  std::vector<Target> targets;
  const httplib::Headers agent = {{"Authorization", "Basic " + DefaultAgentToken()}};
  const httplib::Headers bearer = {{"Authorization", "Bearer " + customer.access_token}};
  for (const char* action : {"start_chat", "transfer_chat", "deactivate_chat", "send_event",
                             "add_user_to_chat", "get_chat", "list_chats", "no_such_action"}) {
    targets.push_back({absl::StrCat("/v3.5/agent/action/", action), agent});
  }
  for (const char* action : {"send_event", "update_customer", "get_customer", "list_chats",
                             "deactivate_chat", "get_chat"}) {
    targets.push_back({absl::StrCat("/v3.5/customer/action/", action, org), bearer});
  }
  targets.push_back({"/v3.5/configuration/action/list_groups", agent});
  targets.push_back({"/v2/customer/token", {}});
  for (const Target& target : targets) {
    for (const std::string& body : OddBodies()) {
      HttpResult result = PostRaw(target.path, body, target.headers);
      ASSERT_NE(result.status, 0) << target.path << " " << body;
      // get_customer ignores its body; everything else must refuse or cope.
      EXPECT_LT(result.status, 500) << target.path << " " << body;
      if (result.status != 200) {
        EXPECT_TRUE(result.body.is_object()) << target.path << " " << body;
      }
    }
  }
  // Still serving.
  EXPECT_EQ(Agent("get_chat", Json{{"chat_id", chat_id}}).status, 200);
}

TEST_F(SimRobustness, ControlEndpointsRefuseOddBodiesCleanly) {
  const std::string chat_id = StartRoutedChat(Token());
  const std::string chat = "/sim/chats/" + chat_id;
  for (const std::string& path :
       {std::string("/sim/config"), chat + "/agent_message", chat + "/agent_file",
        chat + "/internal_note", chat + "/transfer", chat + "/close", std::string("/sim/faults"),
        std::string("/sim/webhooks/duplicate_next"), std::string("/sim/agents/x/routing"),
        std::string("/sim/agents/jane.doe@example.com/routing")}) {
    for (const std::string& body : OddBodies()) {
      HttpResult result = PostRaw(path, body);
      ASSERT_NE(result.status, 0) << path << " " << body;
      EXPECT_LT(result.status, 500) << path << " " << body;
      if (result.status != 200) {
        EXPECT_TRUE(result.body.contains("error")) << path << " " << body;
      }
    }
  }
  EXPECT_EQ(Get("/sim/health").status, 200);
}

}  // namespace
}  // namespace hitl::sim::testing

#include "tests/support/sim_control.h"

#include <httplib.h>

#include "gtest/gtest.h"

namespace hitl::testing {

SimControl::SimControl(int port)
    : client_(std::make_unique<httplib::Client>("127.0.0.1", port)) {
  client_->set_tcp_nodelay(true);
  client_->set_read_timeout(10, 0);
}

SimControl::~SimControl() = default;

SimControl::Json SimControl::Call(const std::string& method, const std::string& path,
                                  const Json& body) {
  httplib::Result result =
      method == "GET"      ? client_->Get(path)
      : method == "DELETE" ? client_->Delete(path)
                           : client_->Post(path, body.dump(), "application/json");
  if (!result) {
    ADD_FAILURE() << method << " " << path << ": " << httplib::to_string(result.error());
    return Json();
  }
  if (result->status / 100 != 2) {
    ADD_FAILURE() << method << " " << path << " -> " << result->status << " " << result->body;
    return Json();
  }
  Json parsed = Json::parse(result->body, nullptr, false);
  return parsed.is_discarded() ? Json() : parsed;
}

SimControl::Json SimControl::Chat(const std::string& chat_id) {
  return Call("GET", "/sim/chats/" + chat_id, {});
}

SimControl::Json SimControl::Chats() { return Call("GET", "/sim/chats", {})["chats"]; }

std::string SimControl::AgentMessage(const std::string& chat_id, const std::string& text,
                                     const std::string& agent_id) {
  Json body = {{"text", text}};
  if (!agent_id.empty()) body["agent_id"] = agent_id;
  return Call("POST", "/sim/chats/" + chat_id + "/agent_message", body).value("event_id", "");
}

std::string SimControl::AgentFile(const std::string& chat_id, const std::string& name,
                                  const std::string& content_type, int64_t size) {
  Json body = {{"name", name}, {"content_type", content_type}, {"size", size}};
  return Call("POST", "/sim/chats/" + chat_id + "/agent_file", body).value("event_id", "");
}

void SimControl::InternalNote(const std::string& chat_id, const std::string& text) {
  Call("POST", "/sim/chats/" + chat_id + "/internal_note", {{"text", text}});
}

void SimControl::Transfer(const std::string& chat_id, const Json& body) {
  Call("POST", "/sim/chats/" + chat_id + "/transfer", body);
}

void SimControl::Close(const std::string& chat_id, const std::string& agent_id) {
  Json body = Json::object();
  if (!agent_id.empty()) body["agent_id"] = agent_id;
  Call("POST", "/sim/chats/" + chat_id + "/close", body);
}

void SimControl::Fault(const Json& body) { Call("POST", "/sim/faults", body); }

void SimControl::DuplicateNextWebhooks(int count) {
  Call("POST", "/sim/webhooks/duplicate_next", {{"count", count}});
}

void SimControl::ExpireToken(const std::string& customer_id) {
  Call("POST", "/sim/customers/" + customer_id + "/expire_token", Json::object());
}

void SimControl::SetAgentAccepting(const std::string& agent_id, bool accepting) {
  Call("POST", "/sim/agents/" + agent_id + "/routing", {{"accepting", accepting}});
}

void SimControl::Configure(const Json& body) { Call("POST", "/sim/config", body); }
SimControl::Json SimControl::Webhooks() { return Call("GET", "/sim/webhooks", {})["deliveries"]; }
int SimControl::Unsettled() {
  return Call("GET", "/sim/webhooks/unsettled", {}).value("unsettled", -1);
}

SimControl::Json SimControl::Calls() { return Call("GET", "/sim/calls", {})["calls"]; }

SimControl::Json SimControl::Faults() { return Call("GET", "/sim/faults", {})["faults"]; }

SimControl::Json SimControl::Events(const std::string& chat_id) {
  Json chat = Chat(chat_id);
  if (!chat.contains("threads") || chat["threads"].empty()) return Json::array();
  return chat["threads"].back()["events"];
}

}  // namespace hitl::testing

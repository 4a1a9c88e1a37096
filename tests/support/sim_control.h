// A client of livechat-sim's control API (/sim/...), for tests that play the
// agent, inject faults and inspect chats. Every call fails the current test
// if the simulator refuses it.
#pragma once

#include <memory>
#include <string>

#include "nlohmann/json.hpp"

namespace httplib {
class Client;
}

namespace hitl::testing {

class SimControl {
 public:
  using Json = nlohmann::json;
  explicit SimControl(int port);
  ~SimControl();

  Json Chat(const std::string& chat_id);              // GET /sim/chats/{id}
  Json Chats();                                        // GET /sim/chats
  std::string AgentMessage(const std::string& chat_id, const std::string& text,
                           const std::string& agent_id = "");
  std::string AgentFile(const std::string& chat_id, const std::string& name,
                        const std::string& content_type, int64_t size);
  void InternalNote(const std::string& chat_id, const std::string& text);
  void Transfer(const std::string& chat_id, const Json& body);
  void Close(const std::string& chat_id, const std::string& agent_id = "");
  void Fault(const Json& body);
  void DuplicateNextWebhooks(int count = 1);
  void ExpireToken(const std::string& customer_id);
  void SetAgentAccepting(const std::string& agent_id, bool accepting);
  void Configure(const Json& body);
  Json Webhooks();
  // Webhooks not yet accepted by a receiver nor given up (GET /sim/webhooks/unsettled).
  int Unsettled();
  Json Calls();
  // Faults not used up yet (GET /sim/faults).
  Json Faults();
  // Messages of the chat's latest thread, in order.
  Json Events(const std::string& chat_id);

 private:
  Json Call(const std::string& method, const std::string& path, const Json& body);
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace hitl::testing

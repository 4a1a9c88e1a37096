// The simulated LiveChat license: agents, groups, customers with their
// tokens, and chats. Every LiveChat rule the simulator enforces on these
// (who may write to a chat, routing, queueing, inactive chats) lives here;
// the HTTP handlers only parse, authenticate and render.
//
// Errors are LiveChat errors (sim_errors.h): validation, not_found,
// chat_inactive, authentication, authorization.
//
// Webhooks: each change publishes its webhook to the WebhookSink while the
// lock is held, so webhooks leave in the order the changes happened.
//
// Thread-safe: one mutex guards everything; no method blocks on I/O.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/common/clock.h"
#include "server/livechat/wire/accounts.h"
#include "server/livechat/wire/chat_api.h"
#include "tools/livechat-sim/sim_options.h"
#include "tools/livechat-sim/sim_records.h"
#include "tools/livechat-sim/webhook_sink.h"

namespace hitl::sim {

struct StateOptions {
  std::string requester_agent;  // who the agent token acts as
  std::string client_id;        // put into chat properties (source.client_id)
  absl::Duration token_ttl = absl::Hours(8);
};

// Who performs a chat operation.
struct Actor {
  std::string id;
  std::string type;  // "agent" | "customer"
};

// A customer access token as the accounts service issues it.
struct IssuedToken {
  std::string access_token;  // secret
  std::string customer_id;
  std::string cookie_secret;  // __lc_cst; secret
  absl::Duration expires_in;
};

// agent/add_user_to_chat
struct AddUserRequest {
  std::string chat_id;
  std::string user_id;
  std::string user_type;
  std::string visibility;
  bool ignore_requester_presence = false;
};

// A transfer the control API imposes, sent in chat_transferred as given.
struct ForcedTransfer {
  std::vector<std::string> agent_ids;
  std::vector<int64_t> group_ids;
  std::optional<livechat::wire::QueueInfo> queue;  // queued_at is set here
  std::string reason = "manual";
};

class SimState {
 public:
  SimState(StateOptions options, const std::vector<AgentConfig>& agents,
           const std::vector<GroupConfig>& groups, Clock& clock, WebhookSink& webhooks);
  SimState(const SimState&) = delete;
  SimState& operator=(const SimState&) = delete;

  // ---- Directory

  // configuration/list_groups, with agent priorities and routing status.
  std::vector<livechat::wire::Group> ListGroups() const;
  // Sets whether the agent may be assigned chats. When it starts accepting,
  // queued chats of its groups are assigned (chat_transferred, reason
  // "assigned"); their ids are returned. not_found for an unknown agent.
  absl::StatusOr<std::vector<std::string>> SetAgentAccepting(const std::string& agent_id,
                                                             bool accepting);

  // ---- Customers and their tokens

  // A new token for the customer the cookies identify, or for a new
  // customer if they are missing, unknown or do not match.
  IssuedToken IssueCustomerToken(const livechat::wire::CustomerCookies& presented);
  // The customer id of a valid, unexpired token; authentication otherwise.
  absl::StatusOr<std::string> AuthenticateCustomer(absl::string_view access_token);
  // Expires every token of the customer now; how many there were.
  absl::StatusOr<int> ExpireCustomerTokens(const std::string& customer_id);
  absl::Status UpdateCustomer(const std::string& customer_id,
                              const livechat::wire::UpdateCustomerRequest& request);
  absl::StatusOr<livechat::wire::Customer> GetCustomer(const std::string& customer_id) const;

  // ---- Chats, as LiveChat's APIs change them (the agent is the requester)

  absl::StatusOr<livechat::wire::StartChatResponse> StartChat(
      const livechat::wire::StartChatRequest& request);
  absl::Status TransferChat(const livechat::wire::TransferChatRequest& request);
  absl::Status AddUserToChat(const AddUserRequest& request);
  // The new event's id. The author must be a user of the chat.
  absl::StatusOr<std::string> SendEvent(const Actor& author,
                                        const livechat::wire::SendEventRequest& request);
  absl::Status DeactivateChat(const Actor& actor, const std::string& chat_id,
                              bool ignore_requester_presence);

  absl::StatusOr<ChatSnapshot> GetChat(const std::string& chat_id) const;
  // Every chat, oldest first.
  std::vector<ChatSnapshot> ListChats() const;
  // Chats the customer is a user of, oldest first.
  std::vector<ChatSnapshot> ListCustomerChats(const std::string& customer_id) const;

  // ---- Chats, as agents in LiveChat's app change them (control API)

  // Posts `event` as `agent_id`; empty: the assigned agent, else (unless
  // `assigned_only`) the first agent of the chat's first group. The agent
  // joins the chat if needed. The new event's id.
  absl::StatusOr<std::string> PostAsAgent(const std::string& chat_id, const std::string& agent_id,
                                          livechat::wire::Event event, bool assigned_only);
  absl::Status ForceTransfer(const std::string& chat_id, const ForcedTransfer& transfer);
  // Deactivates the chat; `agent_id` empty: LiveChat itself closed it.
  absl::Status CloseChat(const std::string& chat_id, const std::string& agent_id);

 private:
  struct TokenRecord {
    std::string customer_id;
    absl::Time expires_at;
  };

  std::string NewId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<ChatRecord*> FindChat(const std::string& chat_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<ChatRecord*> FindActiveChat(const std::string& chat_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status CheckRequesterPresent(const ChatRecord& chat, bool ignore) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  UserProfile ProfileOf(const ChatMember& member) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  ChatSnapshot SnapshotOf(const ChatRecord& chat) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::map<std::string, int> ActiveChatsPerAgent() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Stamps id, time and author on `event`, appends it to `thread`, and
  // publishes incoming_event. Returns the id.
  std::string AppendEvent(ChatRecord& chat, ThreadRecord& thread, livechat::wire::Event event,
                          const std::string& author_id, bool publish)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Makes `agent_ids` the chat's only agents and its assignment.
  void AssignAgents(ChatRecord& chat, const std::vector<std::string>& agent_ids)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Removes every agent and puts the chat into its groups' queue.
  livechat::wire::QueueInfo Enqueue(ChatRecord& chat) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Deactivate(ChatRecord& chat, const std::string& user_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Publish(const ChatRecord& chat, std::string action, livechat::wire::Json payload,
               std::string event_id = "") ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PruneExpiredTokens() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const StateOptions options_;
  Clock& clock_;
  WebhookSink& webhooks_;

  mutable absl::Mutex mu_;
  std::map<std::string, AgentRecord> agents_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, GroupRecord> groups_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, CustomerRecord> customers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, TokenRecord> tokens_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, ChatRecord> chats_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> chat_order_ ABSL_GUARDED_BY(mu_);  // creation order
  std::set<std::string> used_ids_ ABSL_GUARDED_BY(mu_);       // chat and thread ids
  uint64_t assignments_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace hitl::sim

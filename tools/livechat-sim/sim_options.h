// Everything livechat-sim can be told at start: where to listen, who the
// simulated organization and its agents are, and how webhooks are sent.
// Every default lives here (the in-class initializers and DefaultAgents /
// DefaultGroups); flags (sim_flags.h) only override them.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hitl::sim {

// An agent of the simulated license. Agent ids are e-mail addresses.
struct AgentConfig {
  std::string id;
  std::string name;       // shown in get_chat; derived from the id if empty
  bool accepting = true;  // routing status: may be assigned chats
};

// A group of the simulated license and its agents' routing priorities
// ("first" | "normal" | "last" | "supervisor"; supervisors get no chats).
struct GroupConfig {
  int64_t id = 0;
  std::string name;
  std::string language_code = "en";
  std::map<std::string, std::string> agent_priorities;
};

// bot@example.com (the requester, in no group), jane.doe@example.com and
// john.roe@example.com, all accepting chats.
std::vector<AgentConfig> DefaultAgents();
// 0 "General" {jane}, 7 "Support" {jane, john}.
std::vector<GroupConfig> DefaultGroups();

struct SimulatorOptions {
  // Loopback only: the simulator has no TLS and trusts every control call.
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (see Simulator::port())
  // If set, {"http": <port>} is written there (atomically) once listening.
  std::string ports_file;

  std::string organization_id = "390e44e6-f1e6-4c8c-9d5b-74a14508c2e1";
  std::string client_id = "9cbf3a968289727cb3cdfe83ab1d9836";
  // Accepted as "Basic <token>" or "Bearer <token>" on the Agent Chat and
  // Configuration APIs. Secret: never logged.
  std::string agent_token = "c2ltLWJvdEBleGFtcGxlLmNvbTpzaW0tcGF0";
  // The agent who owns agent_token: author of its events, user of its chats.
  std::string requester_agent = "bot@example.com";
  // The only version in API paths that is served ("/v3.5/...").
  std::string api_version = "3.5";

  // Where webhooks go, in turns like a load balancer in front of gateway
  // replicas (webhook_sender.h); empty: none are sent. Changeable at runtime.
  std::vector<std::string> webhook_urls;
  std::string webhook_secret = "sim-webhook-secret";  // secret
  // Webhook actions that are sent; others are not generated.
  std::vector<std::string> webhook_actions = {"incoming_event", "chat_deactivated",
                                              "chat_transferred"};
  // One retry after each delay when a delivery is not answered 200.
  std::vector<absl::Duration> webhook_retry_delays = {absl::Seconds(5), absl::Seconds(20),
                                                      absl::Seconds(35)};
  absl::Duration webhook_timeout = absl::Seconds(10);

  // Lifetime of customer access tokens (the accounts service's expires_in).
  absl::Duration token_ttl = absl::Seconds(28800);

  // When on, the assigned agent answers every customer message after the
  // delay with "Auto-reply: <text>". Changeable at runtime.
  bool auto_agent = false;
  absl::Duration auto_agent_delay = absl::Milliseconds(200);

  std::vector<AgentConfig> agents = DefaultAgents();
  std::vector<GroupConfig> groups = DefaultGroups();

  // HTTP worker threads; each serves one connection at a time.
  size_t server_threads = 32;
  // Largest request body accepted (LiveChat events are at most 16 KB).
  size_t max_body_bytes = 2 << 20;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

// INVALID_ARGUMENT "<name>: ..." unless every URL is http(s) with a host.
absl::Status ValidateWebhookUrls(const std::vector<std::string>& urls, absl::string_view name);

// Checks the options for consistency; INVALID_ARGUMENT naming the flag
// ("--host: ...") otherwise. Adds the requester to `agents` if missing and
// fills in missing agent names, so `options` is ready for the Simulator.
absl::Status ValidateAndComplete(SimulatorOptions& options);

// "jane.doe@example.com" -> "Jane Doe".
std::string NameFromAgentId(const std::string& agent_id);

}  // namespace hitl::sim

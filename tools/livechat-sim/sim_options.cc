#include "tools/livechat-sim/sim_options.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/livechat-sim/http_url.h"

namespace hitl::sim {
namespace {

constexpr size_t kMaxRetries = 10;

const std::set<std::string>& KnownWebhookActions() {
  static const auto* const kActions =
      new std::set<std::string>{"incoming_event", "chat_deactivated", "chat_transferred",
                                "incoming_chat", "user_added_to_chat"};
  return *kActions;
}

const std::set<std::string>& KnownPriorities() {
  static const auto* const kPriorities =
      new std::set<std::string>{"first", "normal", "last", "supervisor"};
  return *kPriorities;
}

absl::Status Invalid(absl::string_view flag, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", problem));
}

// "3.5", "3.6": digits, one dot, digits.
bool IsVersion(const std::string& text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 2) return false;
  for (absl::string_view part : parts) {
    int unused = 0;
    if (part.empty() || !absl::SimpleAtoi(part, &unused)) return false;
  }
  return true;
}

absl::Status ValidateDirectory(SimulatorOptions& options) {
  std::set<std::string> agent_ids;
  for (AgentConfig& agent : options.agents) {
    if (agent.id.empty()) return Invalid("groups-file", "an agent has an empty id");
    if (!agent_ids.insert(agent.id).second) {
      return Invalid("groups-file", absl::StrCat("agent '", agent.id, "' is listed twice"));
    }
  }
  if (!agent_ids.count(options.requester_agent)) {
    AgentConfig requester;
    requester.id = options.requester_agent;
    options.agents.push_back(std::move(requester));
    agent_ids.insert(options.requester_agent);
  }
  std::set<int64_t> group_ids;
  for (const GroupConfig& group : options.groups) {
    if (group.id < 0) {
      return Invalid("groups-file", absl::StrCat("group id ", group.id, " is negative"));
    }
    if (!group_ids.insert(group.id).second) {
      return Invalid("groups-file", absl::StrCat("group ", group.id, " is listed twice"));
    }
    for (const auto& [agent_id, priority] : group.agent_priorities) {
      if (!KnownPriorities().count(priority)) {
        return Invalid("groups-file",
                       absl::StrCat("group ", group.id, ": priority '", priority, "' of '",
                                    agent_id, "' is not first, normal, last or supervisor"));
      }
      // Agents named only in a group exist with default settings.
      if (agent_ids.insert(agent_id).second) {
        AgentConfig agent;
        agent.id = agent_id;
        options.agents.push_back(std::move(agent));
      }
    }
  }
  if (options.groups.empty()) return Invalid("groups-file", "no group is defined");
  for (AgentConfig& agent : options.agents) {
    if (agent.name.empty()) agent.name = NameFromAgentId(agent.id);
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<AgentConfig> DefaultAgents() {
  return {{.id = "bot@example.com", .name = "Bot"},
          {.id = "jane.doe@example.com", .name = "Jane Doe"},
          {.id = "john.roe@example.com", .name = "John Roe"}};
}

std::vector<GroupConfig> DefaultGroups() {
  return {{.id = 0, .name = "General", .agent_priorities = {{"jane.doe@example.com", "normal"}}},
          {.id = 7,
           .name = "Support",
           .agent_priorities = {{"jane.doe@example.com", "normal"},
                                {"john.roe@example.com", "normal"}}}};
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  if (octets.size() != 4 || octets[0] != "127") return false;
  for (absl::string_view octet : octets) {
    int value = -1;
    if (!absl::SimpleAtoi(octet, &value) || value < 0 || value > 255) return false;
  }
  return true;
}

std::string NameFromAgentId(const std::string& agent_id) {
  absl::string_view local = agent_id;
  local = local.substr(0, local.find('@'));
  std::vector<std::string> words;
  for (absl::string_view word : absl::StrSplit(local, absl::ByAnyChar("._-"), absl::SkipEmpty())) {
    std::string capitalized(word);
    capitalized[0] = absl::ascii_toupper(static_cast<unsigned char>(capitalized[0]));
    words.push_back(std::move(capitalized));
  }
  return words.empty() ? agent_id : absl::StrJoin(words, " ");
}

absl::Status ValidateWebhookUrls(const std::vector<std::string>& urls, absl::string_view name) {
  for (const std::string& url : urls) {
    if (auto parsed = ParseHttpUrl(url); !parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", parsed.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateAndComplete(SimulatorOptions& options) {
  if (!IsLoopbackHost(options.host)) {
    return Invalid("host", absl::StrCat("livechat-sim listens only on loopback "
                                        "(127.0.0.1, ::1 or localhost), not '",
                                        options.host, "'"));
  }
  // httplib may resolve "localhost" to ::1 first; be predictable.
  if (options.host == "localhost") options.host = "127.0.0.1";
  if (options.port < 0 || options.port > 65535) {
    return Invalid("port",
                   absl::StrCat(options.port, " is not a port (0-65535; 0 = any free port)"));
  }
  if (options.organization_id.empty()) return Invalid("organization-id", "must not be empty");
  if (options.client_id.empty()) return Invalid("client-id", "must not be empty");
  if (options.agent_token.empty()) return Invalid("agent-token", "must not be empty");
  if (options.requester_agent.empty()) return Invalid("requester-agent", "must not be empty");
  if (!IsVersion(options.api_version)) {
    return Invalid("api-version",
                   absl::StrCat("'", options.api_version, "' is not a version like 3.5"));
  }
  if (absl::Status s = ValidateWebhookUrls(options.webhook_urls, "--webhook-url"); !s.ok()) {
    return s;
  }
  for (const std::string& action : options.webhook_actions) {
    if (!KnownWebhookActions().count(action)) {
      return Invalid("webhook-actions",
                     absl::StrCat("'", action, "' is not simulated (known: ",
                                  absl::StrJoin(KnownWebhookActions(), ", "), ")"));
    }
  }
  if (options.webhook_retry_delays.size() > kMaxRetries) {
    return Invalid("webhook-retry-delays", absl::StrCat("at most ", kMaxRetries, " retries"));
  }
  for (absl::Duration delay : options.webhook_retry_delays) {
    if (delay < absl::ZeroDuration()) {
      return Invalid("webhook-retry-delays", "delays must not be negative");
    }
  }
  if (options.webhook_timeout <= absl::ZeroDuration()) {
    return Invalid("webhook-timeout", "must be positive");
  }
  if (options.token_ttl < absl::Seconds(1)) return Invalid("token-ttl", "must be at least 1s");
  if (options.auto_agent_delay < absl::ZeroDuration()) {
    return Invalid("auto-agent-delay", "must not be negative");
  }
  if (options.server_threads < 4) options.server_threads = 4;
  return ValidateDirectory(options);
}

}  // namespace hitl::sim

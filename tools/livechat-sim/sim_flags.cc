#include "tools/livechat-sim/sim_flags.h"

#include <algorithm>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/common/command_line.h"
#include "server/common/files.h"
#include "server/livechat/wire/json_reader.h"

namespace hitl::sim {
namespace {

using wire_json = livechat::wire::Json;
using Apply = std::function<absl::Status(FlagsResult&, const std::string&)>;

struct Flag {
  const char* name;  // without "--"
  bool boolean;      // may be given bare ("--auto-agent")
  std::string fallback;
  const char* help;
  Apply apply;
};

absl::Status Bad(absl::string_view flag, absl::string_view value, absl::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": '", value, "' is not ", expected));
}

// "250ms", "5s", "2m"; a bare number means seconds.
bool ParseDurationFlag(const std::string& text, absl::Duration* out) {
  int64_t seconds = 0;
  if (absl::SimpleAtoi(text, &seconds)) {
    *out = absl::Seconds(seconds);
    return true;
  }
  return absl::ParseDuration(text, out);
}

std::string FormatDurations(const std::vector<absl::Duration>& durations) {
  std::vector<std::string> parts;
  for (absl::Duration d : durations) parts.push_back(absl::FormatDuration(d));
  return absl::StrJoin(parts, ",");
}

Apply StringInto(std::string SimulatorOptions::*field) {
  return [field](FlagsResult& result, const std::string& value) {
    result.options.*field = value;
    return absl::OkStatus();
  };
}

Apply DurationInto(const char* flag, absl::Duration SimulatorOptions::*field) {
  return [flag, field](FlagsResult& result, const std::string& value) {
    absl::Duration duration;
    if (!ParseDurationFlag(value, &duration)) {
      return Bad(flag, value, "a duration (e.g. 200ms, 10s, 8h)");
    }
    result.options.*field = duration;
    return absl::OkStatus();
  };
}

std::vector<Flag> Flags() {
  const SimulatorOptions defaults;
  return {
      {"host", false, defaults.host, "Address to listen on; loopback only.",
       StringInto(&SimulatorOptions::host)},
      {"port", false, absl::StrCat(defaults.port), "Port to listen on; 0 = any free port.",
       [](FlagsResult& r, const std::string& v) {
         if (!absl::SimpleAtoi(v, &r.options.port)) return Bad("port", v, "a port number");
         return absl::OkStatus();
       }},
      {"ports-file", false, "", "Write {\"http\": <port>} to this file once listening.",
       StringInto(&SimulatorOptions::ports_file)},
      {"organization-id", false, defaults.organization_id,
       "Organization id required on customer calls and sent in webhooks.",
       StringInto(&SimulatorOptions::organization_id)},
      {"client-id", false, defaults.client_id, "Client ID the customer token grant requires.",
       StringInto(&SimulatorOptions::client_id)},
      {"agent-token", false, defaults.agent_token,
       "Agent token accepted as 'Basic <token>' or 'Bearer <token>'.",
       StringInto(&SimulatorOptions::agent_token)},
      {"requester-agent", false, defaults.requester_agent, "Agent id that owns --agent-token.",
       StringInto(&SimulatorOptions::requester_agent)},
      {"api-version", false, defaults.api_version,
       "API version served; other versions answer unsupported_version.",
       StringInto(&SimulatorOptions::api_version)},
      {"webhook-url", false, "",
       "Where webhooks are POSTed; repeated, they take turns (a load balancer in front of "
       "replicas); empty = none (see POST /sim/config).",
       [](FlagsResult& r, const std::string& v) {
         // Each occurrence adds a URL; an empty one clears those before it.
         if (v.empty()) {
           r.options.webhook_urls.clear();
         } else {
           r.options.webhook_urls.push_back(v);
         }
         return absl::OkStatus();
       }},
      {"webhook-secret", false, defaults.webhook_secret, "secret_key put into every webhook.",
       StringInto(&SimulatorOptions::webhook_secret)},
      {"webhook-actions", false, absl::StrJoin(defaults.webhook_actions, ","),
       "Comma list of webhook actions to send (also incoming_chat, user_added_to_chat).",
       [](FlagsResult& r, const std::string& v) {
         r.options.webhook_actions = absl::StrSplit(v, ',', absl::SkipWhitespace());
         for (std::string& action : r.options.webhook_actions) {
           action = std::string(absl::StripAsciiWhitespace(action));
         }
         return absl::OkStatus();
       }},
      {"webhook-retry-delays", false, FormatDurations(defaults.webhook_retry_delays),
       "Comma list of delays; a delivery not answered 200 is retried after each.",
       [](FlagsResult& r, const std::string& v) {
         r.options.webhook_retry_delays.clear();
         for (absl::string_view part : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
           absl::Duration delay;
           std::string text(absl::StripAsciiWhitespace(part));
           if (!ParseDurationFlag(text, &delay)) {
             return Bad("webhook-retry-delays", text, "a duration (e.g. 50ms, 5s)");
           }
           r.options.webhook_retry_delays.push_back(delay);
         }
         return absl::OkStatus();
       }},
      {"webhook-timeout", false, absl::FormatDuration(defaults.webhook_timeout),
       "Time limit of one webhook delivery.",
       DurationInto("webhook-timeout", &SimulatorOptions::webhook_timeout)},
      {"token-ttl", false, absl::FormatDuration(defaults.token_ttl),
       "Lifetime of customer access tokens.",
       DurationInto("token-ttl", &SimulatorOptions::token_ttl)},
      {"auto-agent", true, "false",
       "The assigned agent answers each customer message with 'Auto-reply: <text>'.",
       [](FlagsResult& r, const std::string& v) {
         if (v == "true" || v == "1") {
           r.options.auto_agent = true;
         } else if (v == "false" || v == "0") {
           r.options.auto_agent = false;
         } else {
           return Bad("auto-agent", v, "true or false");
         }
         return absl::OkStatus();
       }},
      {"auto-agent-delay", false, absl::FormatDuration(defaults.auto_agent_delay),
       "Delay before an auto-reply.",
       DurationInto("auto-agent-delay", &SimulatorOptions::auto_agent_delay)},
      {"groups-file", false, "", "JSON file replacing the default agents and groups.",
       [](FlagsResult& r, const std::string& v) { return LoadGroupsFile(v, r.options); }},
      {"log-level", false, "info", "debug, info, warn or error.",
       [](FlagsResult& r, const std::string& v) {
         r.log_level = v;
         return absl::OkStatus();
       }},
  };
}

}  // namespace

absl::Status LoadGroupsFile(const std::string& path, SimulatorOptions& options) {
  auto text = ReadFileToString(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--groups-file: ", text.status().message()));
  }
  auto fail = [&path](absl::string_view problem) {
    return absl::InvalidArgumentError(absl::StrCat("--groups-file ", path, ": ", problem));
  };
  auto json = livechat::wire::ParseJson(*text);
  if (!json.ok()) return fail(json.status().message());
  livechat::wire::FieldReader top(*json, "");
  std::vector<AgentConfig> agents;
  if (const wire_json* list = top.Array("agents", false)) {
    for (size_t i = 0; i < list->size(); ++i) {
      livechat::wire::FieldReader fields((*list)[i], absl::StrCat("agents[", i, "]"));
      AgentConfig agent;
      agent.id = fields.RequiredString("id");
      agent.name = fields.OptionalString("name").value_or("");
      agent.accepting = fields.OptionalBool("accepting").value_or(true);
      if (!fields.ok()) return fail(fields.status().message());
      agents.push_back(std::move(agent));
    }
  }
  std::vector<GroupConfig> groups;
  if (const wire_json* list = top.Array("groups", true)) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string where = absl::StrCat("groups[", i, "]");
      livechat::wire::FieldReader fields((*list)[i], where);
      GroupConfig group;
      group.id = fields.RequiredInt("id");
      group.name = fields.RequiredString("name");
      group.language_code = fields.OptionalString("language_code").value_or("en");
      if (const wire_json* priorities = fields.Object("agent_priorities", false)) {
        for (const auto& [agent_id, priority] : priorities->items()) {
          if (!priority.is_string()) {
            return fail(absl::StrCat(where, ".agent_priorities.", agent_id, ": expected a string"));
          }
          group.agent_priorities[agent_id] = priority.get<std::string>();
        }
      }
      if (!fields.ok()) return fail(fields.status().message());
      groups.push_back(std::move(group));
    }
  }
  if (!top.ok()) return fail(top.status().message());
  options.agents = std::move(agents);
  options.groups = std::move(groups);
  return absl::OkStatus();
}

absl::StatusOr<FlagsResult> ParseFlags(const std::vector<std::string>& args) {
  const std::vector<Flag> flags = Flags();
  std::vector<std::string> booleans;
  for (const Flag& flag : flags) {
    if (flag.boolean) booleans.push_back(flag.name);
  }
  auto command_line = ParseCommandLine(args, booleans, /*allow_positional=*/false);
  if (!command_line.ok()) return command_line.status();
  FlagsResult result;
  if (command_line->help) {
    result.help = true;
    return result;
  }
  for (const auto& [name, value] : command_line->options) {
    auto flag = std::find_if(flags.begin(), flags.end(),
                             [&](const Flag& candidate) { return name == candidate.name; });
    if (flag == flags.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag '--", name, "' (see --help)"));
    }
    if (absl::Status s = flag->apply(result, value); !s.ok()) return s;
  }
  if (absl::Status s = ValidateAndComplete(result.options); !s.ok()) return s;
  return result;
}

std::string HelpText() {
  std::string out =
      "livechat-sim: an offline simulator of LiveChat's Agent Chat, Customer Chat,\n"
      "Configuration and customer accounts APIs (v3.5), its webhooks, and a control\n"
      "API under /sim/ for tests. Listens on loopback only.\n\nFlags:\n";
  for (const Flag& flag : Flags()) {
    absl::StrAppend(&out, "  --", flag.name, flag.boolean ? "[=true|false]" : "=VALUE", "\n      ",
                    flag.help,
                    flag.fallback.empty() ? "" : absl::StrCat(" Default: ", flag.fallback), "\n");
  }
  absl::StrAppend(&out, "  --help\n      This text.\n");
  return out;
}

}  // namespace hitl::sim

#include "server/config/config.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/common/command_line.h"
#include "server/common/files.h"

namespace hitl::config {
namespace {

// One configuration setting. `apply` parses the text into the config.
struct Setting {
  const char* flag;     // without the leading "--"
  const char* env;
  const char* fallback; // default; nullptr = required
  bool secret;          // may come from <env>_FILE / --<flag>-file; never echoed
  const char* help;
  std::function<absl::Status(Config&, const std::string&)> apply;
};

// Durations like "90s", "15m", "168h" or "7d".
std::optional<absl::Duration> ParseDays(const std::string& text) {
  absl::string_view view = text;
  if (absl::ConsumeSuffix(&view, "d")) {
    int64_t days = 0;
    // A century is plenty; the bound also keeps 24 * days from overflowing.
    if (!absl::SimpleAtoi(view, &days) || days > 36500) return std::nullopt;
    return absl::Hours(24 * days);
  }
  absl::Duration duration;
  if (!absl::ParseDuration(text, &duration)) return std::nullopt;
  return duration;
}

using Apply = std::function<absl::Status(Config&, const std::string&)>;

// A setting's value is never repeated in an error: a token pasted into the
// wrong variable would be printed at start-up for anyone reading the logs.
absl::Status InvalidSetting(absl::string_view env, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(env, ": ", why, " (value not shown)"));
}

Apply StringInto(std::string Config::*field) {
  return [field](Config& config, const std::string& value) {
    config.*field = value;
    return absl::OkStatus();
  };
}

// A positive duration, handed to `set`.
Apply DurationInto(const char* env, std::function<void(Config&, absl::Duration)> set) {
  return [env, set = std::move(set)](Config& config, const std::string& value) {
    auto duration = ParseDays(value);
    if (!duration || *duration <= absl::ZeroDuration()) {
      return InvalidSetting(env, "not a positive duration (e.g. 30s, 15m, 24h, 7d)");
    }
    set(config, *duration);
    return absl::OkStatus();
  };
}

Apply CountInto(size_t Config::*field, const char* env, size_t max) {
  return [field, env, max](Config& config, const std::string& value) {
    uint64_t count = 0;
    if (!absl::SimpleAtoi(value, &count) || count == 0 || count > max) {
      return InvalidSetting(env, absl::StrCat("not a whole number from 1 to ", max));
    }
    config.*field = count;
    return absl::OkStatus();
  };
}

// Sizes like "4MiB", "512KiB", "1GiB" or a plain number of bytes, from
// `min` to `max` bytes.
Apply BytesInto(size_t Config::*field, const char* env, size_t min, size_t max) {
  return [=](Config& config, const std::string& value) {
    absl::string_view number = absl::StripAsciiWhitespace(value);
    uint64_t unit = 1;
    for (auto [suffix, size] : {std::pair<const char*, uint64_t>{"KiB", 1 << 10},
                                {"MiB", 1 << 20},
                                {"GiB", 1 << 30}}) {
      if (absl::ConsumeSuffix(&number, suffix)) {
        unit = size;
        break;
      }
    }
    uint64_t count = 0;
    if (!absl::SimpleAtoi(number, &count) || count > max / unit || count * unit < min) {
      return InvalidSetting(env, absl::StrCat("not a size from ", min, " to ", max,
                                              " bytes (e.g. 4MiB, 512KiB)"));
    }
    config.*field = count * unit;
    return absl::OkStatus();
  };
}

// A base URL: https://host[:port], or http:// for a loopback host only (the
// simulator, a local proxy). The host is compared exactly, so
// "http://localhost.evil.example" or "http://127.0.0.1@evil.example" fail.
Apply UrlInto(std::string livechat::LiveChatOptions::*field, const char* env) {
  return [field, env](Config& config, const std::string& value) {
    std::string url(absl::StripSuffix(value, "/"));
    absl::string_view rest = url;
    bool https = absl::ConsumePrefix(&rest, "https://");
    bool http = !https && absl::ConsumePrefix(&rest, "http://");
    auto invalid = [&](absl::string_view why) {
      return InvalidSetting(env, why);
    };
    if (!https && !http) return invalid("must be an https:// URL");
    if (rest.empty() || rest.find_first_of("/?#@ ") != absl::string_view::npos) {
      return invalid("must be a base URL: scheme://host[:port], no path or user");
    }
    // The host, without the port ("[::1]:80" -> "[::1]").
    absl::string_view host = rest;
    if (size_t colon = rest.rfind(':');
        colon != absl::string_view::npos && rest.find(']', colon) == absl::string_view::npos) {
      host = rest.substr(0, colon);
    }
    if (http && host != "127.0.0.1" && host != "localhost" && host != "[::1]") {
      return invalid("must be https:// (plain http:// only for 127.0.0.1, localhost or [::1])");
    }
    config.livechat.*field = url;
    return absl::OkStatus();
  };
}

const std::vector<Setting>& Settings() {
  static const auto* const kSettings = new std::vector<Setting>{
      {"livechat-client-id", "LIVECHAT_CLIENT_ID", nullptr, false,
       "Client ID of your LiveChat app (Developer Console).",
       [](Config& c, const std::string& v) {
         c.livechat.client_id = v;
         return absl::OkStatus();
       }},
      {"livechat-organization-id", "LIVECHAT_ORGANIZATION_ID", nullptr, false,
       "Your LiveChat organization id; webhooks of other organizations are ignored.",
       [](Config& c, const std::string& v) {
         c.livechat.organization_id = v;
         return absl::OkStatus();
       }},
      {"livechat-webhook-secret", "LIVECHAT_WEBHOOK_SECRET", nullptr, true,
       "Secret key of your LiveChat webhooks (checked on every delivery).",
       StringInto(&Config::webhook_secret)},
      {"livechat-agent-token", "LIVECHAT_AGENT_TOKEN", nullptr, true,
       "Agent credentials: the base64 personal access token the Developer Console shows "
       "(sent as 'Basic <token>'), or an OAuth access token with --livechat-agent-auth=bearer.",
       [](Config& c, const std::string& v) {
         c.livechat.agent_token = v;
         return absl::OkStatus();
       }},
      {"livechat-agent-auth", "LIVECHAT_AGENT_AUTH", "basic", false,
       "How the agent token is sent: basic (personal access token) or bearer (OAuth).",
       [](Config& c, const std::string& v) {
         if (v == "basic") {
           c.livechat.agent_auth_scheme = livechat::AgentAuthScheme::kBasic;
         } else if (v == "bearer") {
           c.livechat.agent_auth_scheme = livechat::AgentAuthScheme::kBearer;
         } else {
           return InvalidSetting("LIVECHAT_AGENT_AUTH", "neither basic nor bearer");
         }
         return absl::OkStatus();
       }},
      {"livechat-group-id", "LIVECHAT_GROUP_ID", nullptr, false,
       "LiveChat group that handoffs are routed to (StartHitl may override it).",
       [](Config& c, const std::string& v) {
         int64_t id = -1;
         if (!absl::SimpleAtoi(v, &id) || id < 0) {
           return InvalidSetting("LIVECHAT_GROUP_ID", "not a group id (an integer >= 0)");
         }
         c.group_id = id;
         return absl::OkStatus();
       }},
      {"livechat-api-url", "LIVECHAT_API_URL", "https://api.livechatinc.com", false,
       "Base URL of LiveChat's Agent, Customer and Configuration APIs.",
       UrlInto(&livechat::LiveChatOptions::api_url, "LIVECHAT_API_URL")},
      {"livechat-accounts-url", "LIVECHAT_ACCOUNTS_URL", "https://accounts.livechat.com", false,
       "Base URL of LiveChat's accounts service (customer tokens).",
       UrlInto(&livechat::LiveChatOptions::accounts_url, "LIVECHAT_ACCOUNTS_URL")},
      {"livechat-api-version", "LIVECHAT_API_VERSION", "3.5", false,
       "LiveChat API version in request paths.",
       [](Config& c, const std::string& v) {
         bool ok = !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) {
           return absl::ascii_isdigit(ch) || ch == '.';
         });
         if (!ok) {
           return InvalidSetting("LIVECHAT_API_VERSION", "not a version like 3.5");
         }
         c.livechat.api_version = v;
         return absl::OkStatus();
       }},
      {"livechat-redirect-uri", "LIVECHAT_REDIRECT_URI", "", false,
       "redirect_uri sent with customer token requests; must be one of your app's "
       "redirect URIs if your app requires it.",
       [](Config& c, const std::string& v) {
         c.livechat.redirect_uri = v;
         return absl::OkStatus();
       }},
      {"livechat-ca-file", "LIVECHAT_CA_FILE", "", false,
       "PEM file of CAs to trust for LiveChat's TLS certificates (default: the system's).",
       StringInto(&Config::livechat_ca_file)},
      {"livechat-timeout", "LIVECHAT_TIMEOUT", "15s", false,
       "Timeout of one HTTP call to LiveChat.",
       DurationInto("LIVECHAT_TIMEOUT",
                    [](Config& c, absl::Duration d) { c.livechat.call_timeout = d; })},
      {"livechat-retry-budget", "LIVECHAT_RETRY_BUDGET", "20s", false,
       "Longest time spent retrying one LiveChat action before giving up.",
       DurationInto("LIVECHAT_RETRY_BUDGET",
                    [](Config& c, absl::Duration d) { c.livechat.retry.budget = d; })},
      {"grpc-addr", "HITL_GRPC_ADDR", "0.0.0.0:50051", false,
       "Address of the gRPC API (port 0: any free port).", StringInto(&Config::grpc_addr)},
      {"api-tokens", "HITL_API_TOKENS", "", true,
       "Comma-separated bearer tokens bots must send ('authorization: Bearer <token>'); "
       "empty: no authentication (e.g. behind a service mesh).",
       [](Config& c, const std::string& v) {
         c.api_tokens.clear();
         for (absl::string_view token : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
           c.api_tokens.emplace_back(absl::StripAsciiWhitespace(token));
         }
         return absl::OkStatus();
       }},
      {"grpc-max-request", "HITL_GRPC_MAX_REQUEST", "4MiB", false,
       "Largest request message a bot may send; a larger one is refused with "
       "RESOURCE_EXHAUSTED.",
       BytesInto(&Config::grpc_max_request_bytes, "HITL_GRPC_MAX_REQUEST", 64 << 10, 1 << 30)},
      {"grpc-memory-limit", "HITL_GRPC_MEMORY_LIMIT", "256MiB", false,
       "Memory all gRPC connections together may hold for requests being received; beyond "
       "it the largest are refused with RESOURCE_EXHAUSTED.",
       BytesInto(&Config::grpc_memory_limit_bytes, "HITL_GRPC_MEMORY_LIMIT", 16 << 20,
                 size_t{64} << 30)},
      {"tls-cert", "HITL_TLS_CERT", "", false,
       "PEM certificate chain to serve gRPC over TLS (with HITL_TLS_KEY).",
       StringInto(&Config::tls_cert_file)},
      {"tls-key", "HITL_TLS_KEY", "", false,
       "PEM private key of HITL_TLS_CERT.", StringInto(&Config::tls_key_file)},
      {"webhook-addr", "HITL_WEBHOOK_ADDR", "0.0.0.0:8080", false,
       "Address of the webhook, health and metrics listener (port 0: any free port).",
       StringInto(&Config::webhook_addr)},
      {"webhook-path", "HITL_WEBHOOK_PATH", "/livechat/webhook", false,
       "Path that receives LiveChat webhooks.",
       [](Config& c, const std::string& v) {
         if (!absl::StartsWith(v, "/")) {
           return InvalidSetting("HITL_WEBHOOK_PATH", "must start with /");
         }
         c.webhook_path = v;
         return absl::OkStatus();
       }},
      {"webhook-threads", "HITL_WEBHOOK_THREADS", "16", false,
       "Webhooks the listener processes at once (idle and slow connections take no thread).",
       CountInto(&Config::webhook_threads, "HITL_WEBHOOK_THREADS", 1024)},
      {"webhook-max-connections", "HITL_WEBHOOK_MAX_CONNECTIONS", "2048", false,
       "Connections the webhook listener keeps open at most; more are closed at once.",
       CountInto(&Config::webhook_max_connections, "HITL_WEBHOOK_MAX_CONNECTIONS", 1 << 20)},
      {"webhook-request-timeout", "HITL_WEBHOOK_REQUEST_TIMEOUT", "10s", false,
       "Time a client has from a request's first byte to its last, however it sends them; "
       "then the connection is cut (idle connections after 2s).",
       DurationInto("HITL_WEBHOOK_REQUEST_TIMEOUT",
                    [](Config& c, absl::Duration d) { c.webhook_request_timeout = d; })},
      {"db", "HITL_DB", "hitl-gateway.db", false,
       "SQLite file for sessions and the event journal (:memory: keeps nothing).",
       StringInto(&Config::db_path)},
      {"redis-url", "HITL_REDIS_URL", "", true,
       "Redis to keep sessions and the event journal in, shared by every replica: "
       "redis://[[user]:password@]host[:port][/db]. Empty: the SQLite file HITL_DB (one "
       "replica only).",
       StringInto(&Config::redis_url)},
      {"redis-password", "HITL_REDIS_PASSWORD", "", true,
       "Password for Redis (overrides one in HITL_REDIS_URL); best from "
       "HITL_REDIS_PASSWORD_FILE.",
       StringInto(&Config::redis_password)},
      {"redis-prefix", "HITL_REDIS_PREFIX", "hitl", false,
       "Prefix of every Redis key ({prefix}:...): replicas of one deployment share it.",
       StringInto(&Config::redis_prefix)},
      {"redis-min-replicas", "HITL_REDIS_MIN_REPLICAS", "0", false,
       "Redis replicas that must confirm each write (WAIT) before it is acknowledged.",
       [](Config& c, const std::string& v) {
         int count = -1;
         if (!absl::SimpleAtoi(v, &count) || count < 0 || count > 16) {
           return InvalidSetting("HITL_REDIS_MIN_REPLICAS", "not a whole number from 0 to 16");
         }
         c.redis_min_replicas = count;
         return absl::OkStatus();
       }},
      {"replica-id", "HITL_REPLICA_ID", "", false,
       "Names this replica in logs, leases and Redis connections (default: host name and "
       "process id).",
       StringInto(&Config::replica_id)},
      {"journal-retention", "HITL_JOURNAL_RETENTION", "7d", false,
       "How long agent events stay available for resuming subscribers.",
       DurationInto("HITL_JOURNAL_RETENTION",
                    [](Config& c, absl::Duration d) { c.journal_retention = d; })},
      {"reconcile-interval", "HITL_RECONCILE_INTERVAL", "15m", false,
       "How often open sessions are checked against LiveChat, to end those whose chat "
       "closed while the gateway missed the webhook.",
       DurationInto("HITL_RECONCILE_INTERVAL",
                    [](Config& c, absl::Duration d) { c.reconcile_interval = d; })},
      {"duty-lease", "HITL_DUTY_LEASE", "15s", false,
       "Lease under which one replica at a time reconciles, prunes and renews tokens; "
       "renewed every third of it, taken over within two of it when its holder dies.",
       DurationInto("HITL_DUTY_LEASE", [](Config& c, absl::Duration d) { c.duty_lease = d; })},
      {"subscriber-queue", "HITL_SUBSCRIBER_QUEUE", "1000", false,
       "Events a subscriber may fall behind before it is dropped (it resumes by cursor).",
       CountInto(&Config::subscriber_queue, "HITL_SUBSCRIBER_QUEUE", 1000000)},
      {"workers", "HITL_WORKERS", "16", false,
       "Threads that run calls to LiveChat (each call blocks one).",
       CountInto(&Config::workers, "HITL_WORKERS", 1024)},
      {"log-level", "HITL_LOG_LEVEL", "info", false, "debug, info, warn or error.",
       StringInto(&Config::log_level)},
      {"ports-file", "HITL_PORTS_FILE", "", false,
       "If set, the bound ports are written there as JSON once listening.",
       StringInto(&Config::ports_file)},
      {"shutdown-grace", "HITL_SHUTDOWN_GRACE", "10s", false,
       "On SIGTERM, how long calls in progress may take to finish.",
       DurationInto("HITL_SHUTDOWN_GRACE",
                    [](Config& c, absl::Duration d) { c.shutdown_grace = d; })},
  };
  return *kSettings;
}

absl::StatusOr<std::string> ReadSecretFile(const std::string& path, const std::string& name) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) {
    // The path is not repeated either: a token pasted here would be printed.
    return InvalidSetting(name, "cannot read the file it names (check the path and its "
                                "permissions)");
  }
  // Mounted secrets often end with a newline that is not part of the value.
  return std::string(absl::StripTrailingAsciiWhitespace(*content));
}

// "<host name>-<pid>": unique among replicas sharing a store.
std::string DefaultReplicaId() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof(host), "gateway");
  }
  return absl::StrCat(host, "-", getpid());
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup FixedEnvironment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

absl::StatusOr<LoadResult> Load(const std::vector<std::string>& args, const EnvLookup& env) {
  LoadResult result;
  auto command_line = ParseCommandLine(args, {}, /*allow_positional=*/false);
  if (!command_line.ok()) return command_line.status();
  if (command_line->help) {
    result.help = true;
    return result;
  }
  std::vector<std::string> known;
  for (const Setting& setting : Settings()) {
    known.push_back(setting.flag);
    if (setting.secret) known.push_back(absl::StrCat(setting.flag, "-file"));
  }
  if (absl::Status s = command_line->OnlyKnown(known); !s.ok()) return s;
  std::map<std::string, std::string> flags;  // the last value of each wins
  for (const auto& [name, value] : command_line->options) flags[name] = value;

  for (const Setting& setting : Settings()) {
    std::optional<std::string> value;
    const std::string file_flag = absl::StrCat(setting.flag, "-file");
    const std::string file_env = absl::StrCat(setting.env, "_FILE");
    if (auto it = flags.find(setting.flag); it != flags.end()) {
      value = it->second;
    } else if (auto file = flags.find(file_flag); setting.secret && file != flags.end()) {
      auto read = ReadSecretFile(file->second, absl::StrCat("--", file_flag));
      if (!read.ok()) return read.status();
      value = *read;
    } else if (auto from_env = env(setting.env)) {
      value = *from_env;
    } else if (auto path = env(file_env); setting.secret && path) {
      auto read = ReadSecretFile(*path, file_env);
      if (!read.ok()) return read.status();
      value = *read;
    } else if (setting.fallback != nullptr) {
      value = setting.fallback;
    }
    if (!value || (setting.fallback == nullptr && value->empty())) {
      return absl::InvalidArgumentError(absl::StrCat(
          setting.env, " is required (or --", setting.flag,
          setting.secret ? absl::StrCat(", ", file_env, ", --", file_flag) : "", ")"));
    }
    if (absl::Status s = setting.apply(result.config, *value); !s.ok()) return s;
  }
  if (result.config.replica_id.empty()) result.config.replica_id = DefaultReplicaId();
  if (result.config.tls_cert_file.empty() != result.config.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "HITL_TLS_CERT and HITL_TLS_KEY go together: set both or neither");
  }
  return result;
}

std::string HelpText() {
  std::string out =
      "hitl-gateway: hands chatbot conversations to human agents in LiveChat.\n\n"
      "Usage: hitl-gateway [--flag=value ...]\n"
      "Each setting comes from its flag, else its environment variable, else the default.\n"
      "Secrets may also be read from a file: <VARIABLE>_FILE or --<flag>-file.\n\n";
  for (const Setting& setting : Settings()) {
    absl::StrAppend(&out, "  --", setting.flag, "  (", setting.env,
                    setting.secret ? absl::StrCat(", ", setting.env, "_FILE") : "", ")\n      ",
                    setting.help, "\n      ",
                    setting.fallback == nullptr
                        ? std::string("required")
                        : absl::StrCat("default: ", *setting.fallback ? setting.fallback : "(none)"),
                    "\n");
  }
  return out;
}

}  // namespace hitl::config

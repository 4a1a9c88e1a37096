// The gateway's configuration: one plain struct, loaded once from flags,
// environment variables and secret files, validated with errors that name
// the setting. Every default lives in the settings table in config.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/livechat/livechat_options.h"

namespace hitl::config {

struct Config {
  livechat::LiveChatOptions livechat;
  std::string livechat_ca_file;
  int64_t group_id = 0;
  std::string webhook_secret;  // secret
  std::string grpc_addr;
  // Bearer tokens bots must present; empty: no authentication (secret).
  std::vector<std::string> api_tokens;
  size_t grpc_max_request_bytes = 4 << 20;
  // Bound of gRPC's buffers across connections (a grpc::ResourceQuota).
  size_t grpc_memory_limit_bytes = 256 << 20;
  // PEM files to serve gRPC over TLS; both empty: plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string webhook_addr;
  std::string webhook_path;
  size_t webhook_threads = 16;
  size_t webhook_max_connections = 2048;
  absl::Duration webhook_request_timeout = absl::Seconds(10);
  std::string db_path;
  // Set: the store is Redis, shared by every replica (db_path unused).
  std::string redis_url;       // secret: may hold a password
  std::string redis_password;  // secret; overrides the URL's
  std::string redis_prefix;
  int redis_min_replicas = 0;
  // Names this replica in logs, leases and Redis connections.
  std::string replica_id;
  absl::Duration journal_retention;
  absl::Duration reconcile_interval;
  // Time to live of the lease under which one replica runs the duties.
  absl::Duration duty_lease;
  size_t subscriber_queue = 1000;
  size_t workers = 16;
  std::string log_level;
  std::string ports_file;
  absl::Duration shutdown_grace;
};

// Reads an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnvironment();
// Exactly `values`, nothing from the process (tests, the benchmark).
EnvLookup FixedEnvironment(std::map<std::string, std::string> values);

// What the command line asked for.
struct LoadResult {
  Config config;
  bool help = false;  // --help: print HelpText() and exit 0
};

// Flags win over environment variables, which win over defaults. A secret
// may come from <NAME>_FILE (env) or --<flag>-file instead. Errors name the
// setting, e.g. "LIVECHAT_GROUP_ID: 'x' is not a group id (an integer >= 0)".
absl::StatusOr<LoadResult> Load(const std::vector<std::string>& args, const EnvLookup& env);

// The --help text: every setting with its flag, variable, default and use.
std::string HelpText();

}  // namespace hitl::config

#include <algorithm>
#include "server/config/config.h"

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/support/test_files.h"

namespace hitl::config {
namespace {

using Env = std::map<std::string, std::string>;

EnvLookup Lookup(const Env& env) { return FixedEnvironment(env); }

// Every required setting, and nothing else.
Env RequiredEnv() {
  return {{"LIVECHAT_CLIENT_ID", "client-1"},
          {"LIVECHAT_ORGANIZATION_ID", "org-1"},
          {"LIVECHAT_WEBHOOK_SECRET", "webhook-secret-value"},
          {"LIVECHAT_AGENT_TOKEN", "agent-token-value"},
          {"LIVECHAT_GROUP_ID", "3"}};
}

absl::StatusOr<LoadResult> LoadWith(const Env& env, const std::vector<std::string>& args = {}) {
  return Load(args, Lookup(env));
}

// Loads with `name` set to `value` on top of the required settings.
absl::StatusOr<LoadResult> LoadWithSetting(const std::string& name, const std::string& value) {
  Env env = RequiredEnv();
  env[name] = value;
  return LoadWith(env);
}

std::string WriteFile(const testing::TempDir& dir, const std::string& name,
                      const std::string& content) {
  std::string path = dir.path() + "/" + name;
  std::ofstream(path) << content;
  return path;
}

// An INVALID_ARGUMENT whose message contains `text` (a variable or flag name).
::testing::AssertionResult IsErrorNaming(const absl::StatusOr<LoadResult>& result,
                                         const std::string& text) {
  if (result.ok()) return ::testing::AssertionFailure() << "OK, expected an error naming " << text;
  if (result.status().code() != absl::StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << result.status() << " is not INVALID_ARGUMENT";
  }
  if (!absl::StrContains(result.status().message(), text)) {
    return ::testing::AssertionFailure() << result.status() << " does not name " << text;
  }
  return ::testing::AssertionSuccess();
}
#define EXPECT_ERROR_NAMES(result, text) EXPECT_TRUE(IsErrorNaming((result), (text)))

TEST(Config, LoadsWithOnlyTheRequiredSettings) {
  auto result = LoadWith(RequiredEnv());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->help);
  const Config& c = result->config;
  EXPECT_EQ(c.livechat.client_id, "client-1");
  EXPECT_EQ(c.livechat.organization_id, "org-1");
  EXPECT_EQ(c.webhook_secret, "webhook-secret-value");
  EXPECT_EQ(c.livechat.agent_token, "agent-token-value");
  EXPECT_EQ(c.group_id, 3);
}

TEST(Config, EachMissingRequiredSettingIsAnErrorNamingItsVariable) {
  for (const auto& [name, value] : RequiredEnv()) {
    Env env = RequiredEnv();
    env.erase(name);
    EXPECT_ERROR_NAMES(LoadWith(env), name);
    // Set but empty is as good as missing.
    env[name] = "";
    EXPECT_ERROR_NAMES(LoadWith(env), name);
  }
}

TEST(Config, MissingSecretErrorMentionsTheFileAlternatives) {
  Env env = RequiredEnv();
  env.erase("LIVECHAT_AGENT_TOKEN");
  auto result = LoadWith(env);
  EXPECT_ERROR_NAMES(result, "LIVECHAT_AGENT_TOKEN_FILE");
  EXPECT_ERROR_NAMES(result, "--livechat-agent-token-file");
}

TEST(Config, AppliesDocumentedDefaults) {
  auto result = LoadWith(RequiredEnv());
  ASSERT_TRUE(result.ok()) << result.status();
  const Config& c = result->config;
  EXPECT_EQ(c.grpc_addr, "0.0.0.0:50051");
  EXPECT_EQ(c.webhook_addr, "0.0.0.0:8080");
  EXPECT_EQ(c.livechat.api_url, "https://api.livechatinc.com");
  EXPECT_EQ(c.livechat.accounts_url, "https://accounts.livechat.com");
  EXPECT_EQ(c.livechat.api_version, "3.5");
  EXPECT_EQ(c.journal_retention, absl::Hours(7 * 24));
  EXPECT_EQ(c.duty_lease, absl::Seconds(15));
  EXPECT_EQ(c.livechat.agent_auth_scheme, livechat::AgentAuthScheme::kBasic);
  EXPECT_EQ(c.livechat.call_timeout, absl::Seconds(15));
  EXPECT_EQ(c.livechat.retry.budget, absl::Seconds(20));
  EXPECT_EQ(c.webhook_path, "/livechat/webhook");
  EXPECT_EQ(c.webhook_threads, 16u);
  EXPECT_EQ(c.db_path, "hitl-gateway.db");
  EXPECT_EQ(c.subscriber_queue, 1000u);
  EXPECT_EQ(c.workers, 16u);
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.ports_file, "");
  EXPECT_EQ(c.livechat_ca_file, "");
  EXPECT_EQ(c.livechat.redirect_uri, "");
  EXPECT_EQ(c.shutdown_grace, absl::Seconds(10));
}

TEST(Config, FlagsBeatEnvironmentWhichBeatsDefaults) {
  Env env = RequiredEnv();
  env["HITL_GRPC_ADDR"] = "127.0.0.1:1111";
  env["HITL_WEBHOOK_ADDR"] = "127.0.0.1:2222";
  env["LIVECHAT_GROUP_ID"] = "5";
  auto result = LoadWith(env, {"--grpc-addr=127.0.0.1:3333", "--livechat-group-id", "9"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->config.grpc_addr, "127.0.0.1:3333");     // flag over env
  EXPECT_EQ(result->config.webhook_addr, "127.0.0.1:2222");  // env over default
  EXPECT_EQ(result->config.db_path, "hitl-gateway.db");      // default
  EXPECT_EQ(result->config.group_id, 9);
}

TEST(Config, FlagsAloneCanSupplyEveryRequiredSetting) {
  auto result = LoadWith(
      {}, {"--livechat-client-id=c", "--livechat-organization-id=o", "--livechat-webhook-secret=w",
           "--livechat-agent-token", "t", "--livechat-group-id=0"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->config.livechat.client_id, "c");
  EXPECT_EQ(result->config.livechat.organization_id, "o");
  EXPECT_EQ(result->config.webhook_secret, "w");
  EXPECT_EQ(result->config.livechat.agent_token, "t");
  EXPECT_EQ(result->config.group_id, 0);
}

TEST(Config, AcceptsBothFlagForms) {
  auto equals = LoadWith(RequiredEnv(), {"--db=/var/lib/hitl/a.db"});
  ASSERT_TRUE(equals.ok()) << equals.status();
  EXPECT_EQ(equals->config.db_path, "/var/lib/hitl/a.db");

  auto separate = LoadWith(RequiredEnv(), {"--db", "/var/lib/hitl/b.db", "--log-level", "debug"});
  ASSERT_TRUE(separate.ok()) << separate.status();
  EXPECT_EQ(separate->config.db_path, "/var/lib/hitl/b.db");
  EXPECT_EQ(separate->config.log_level, "debug");

  // Only the first '=' separates name and value.
  auto with_equals = LoadWith(RequiredEnv(), {"--livechat-redirect-uri=https://x/cb?a=b"});
  ASSERT_TRUE(with_equals.ok()) << with_equals.status();
  EXPECT_EQ(with_equals->config.livechat.redirect_uri, "https://x/cb?a=b");
}

TEST(Config, UnknownFlagIsAnErrorNamingIt) {
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"--no-such-flag=1"}), "--no-such-flag");
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"--no-such-flag", "1"}), "--no-such-flag");
  // Only secrets have a -file variant.
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"--db-file=/tmp/x"}), "--db-file");
}

TEST(Config, StrayArgumentIsAnErrorNamingItsPositionNotItsText) {
  // The text is not repeated: a mistyped flag may carry a secret.
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"serve"}), "argument #1");
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"--db=x.db", "extra"}), "argument #2");
}

TEST(Config, FlagWithoutValueIsAnError) {
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"--grpc-addr"}), "--grpc-addr");
}

TEST(Config, HelpFlagAsksForHelpEvenWithoutRequiredSettings) {
  auto help = LoadWith({}, {"--help"});
  ASSERT_TRUE(help.ok()) << help.status();
  EXPECT_TRUE(help->help);
  auto short_help = LoadWith({}, {"-h"});
  ASSERT_TRUE(short_help.ok()) << short_help.status();
  EXPECT_TRUE(short_help->help);
  auto after_flags = LoadWith({}, {"--db=x.db", "--help"});
  ASSERT_TRUE(after_flags.ok()) << after_flags.status();
  EXPECT_TRUE(after_flags->help);
}

TEST(Config, ReadsSecretsFromFilesNamedByEnvironmentWithoutTrailingNewline) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env.erase("LIVECHAT_AGENT_TOKEN");
  env.erase("LIVECHAT_WEBHOOK_SECRET");
  env["LIVECHAT_AGENT_TOKEN_FILE"] = WriteFile(dir, "token", "dG9rZW4=\n");
  env["LIVECHAT_WEBHOOK_SECRET_FILE"] = WriteFile(dir, "secret", "hook secret\r\n");
  auto result = LoadWith(env);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->config.livechat.agent_token, "dG9rZW4=");
  EXPECT_EQ(result->config.webhook_secret, "hook secret");
}

TEST(Config, ReadsSecretsFromFilesNamedByFlags) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env.erase("LIVECHAT_AGENT_TOKEN");
  env.erase("LIVECHAT_WEBHOOK_SECRET");
  auto result = LoadWith(env, {"--livechat-agent-token-file=" + WriteFile(dir, "t", "from-flag\n"),
                               "--livechat-webhook-secret-file", WriteFile(dir, "w", "w-flag\n")});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->config.livechat.agent_token, "from-flag");
  EXPECT_EQ(result->config.webhook_secret, "w-flag");
}

TEST(Config, SecretSourcesFollowFlagOverEnvironmentPrecedence) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env["LIVECHAT_AGENT_TOKEN"] = "from-env";
  env["LIVECHAT_AGENT_TOKEN_FILE"] = WriteFile(dir, "env-file", "from-env-file\n");
  const std::string flag_file = WriteFile(dir, "flag-file", "from-flag-file\n");

  auto env_vs_env_file = LoadWith(env);
  ASSERT_TRUE(env_vs_env_file.ok());
  EXPECT_EQ(env_vs_env_file->config.livechat.agent_token, "from-env");

  auto flag_file_vs_env = LoadWith(env, {"--livechat-agent-token-file=" + flag_file});
  ASSERT_TRUE(flag_file_vs_env.ok());
  EXPECT_EQ(flag_file_vs_env->config.livechat.agent_token, "from-flag-file");

  auto flag_vs_flag_file = LoadWith(
      env, {"--livechat-agent-token-file=" + flag_file, "--livechat-agent-token=from-flag"});
  ASSERT_TRUE(flag_vs_flag_file.ok());
  EXPECT_EQ(flag_vs_flag_file->config.livechat.agent_token, "from-flag");
}

TEST(Config, UnreadableSecretFileIsAnErrorNamingItsVariable) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env.erase("LIVECHAT_WEBHOOK_SECRET");
  env["LIVECHAT_WEBHOOK_SECRET_FILE"] = dir.path() + "/missing";
  EXPECT_ERROR_NAMES(LoadWith(env), "LIVECHAT_WEBHOOK_SECRET_FILE");

  env = RequiredEnv();
  env.erase("LIVECHAT_AGENT_TOKEN");
  EXPECT_ERROR_NAMES(LoadWith(env, {"--livechat-agent-token-file=" + dir.path() + "/missing"}),
                     "--livechat-agent-token-file");
}

TEST(Config, EmptySecretFileCountsAsMissing) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env.erase("LIVECHAT_AGENT_TOKEN");
  env["LIVECHAT_AGENT_TOKEN_FILE"] = WriteFile(dir, "empty", "\n");
  EXPECT_ERROR_NAMES(LoadWith(env), "LIVECHAT_AGENT_TOKEN");
}

TEST(Config, FileVariantIsIgnoredForSettingsThatAreNotSecrets) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env.erase("LIVECHAT_CLIENT_ID");
  env["LIVECHAT_CLIENT_ID_FILE"] = WriteFile(dir, "client", "client-from-file\n");
  EXPECT_ERROR_NAMES(LoadWith(env), "LIVECHAT_CLIENT_ID");
}

TEST(Config, SecretErrorsNeverContainTheSecretValue) {
  const std::string kSecret = "s3cr3t-do-not-print";
  // A misspelt secret flag.
  auto typo = LoadWith(RequiredEnv(), {"--livechat-agent-tokn=" + kSecret});
  ASSERT_FALSE(typo.ok());
  EXPECT_FALSE(absl::StrContains(typo.status().message(), kSecret)) << typo.status();
  // A -file flag that is not a secret's.
  auto not_secret = LoadWith(RequiredEnv(), {"--livechat-client-id-file=" + kSecret});
  ASSERT_FALSE(not_secret.ok());
  EXPECT_FALSE(absl::StrContains(not_secret.status().message(), kSecret)) << not_secret.status();
  // A secret next to an invalid setting.
  Env env = RequiredEnv();
  env["LIVECHAT_AGENT_TOKEN"] = kSecret;
  env["LIVECHAT_WEBHOOK_SECRET"] = kSecret + "-2";
  env["HITL_WORKERS"] = "zero";
  auto other = LoadWith(env);
  ASSERT_FALSE(other.ok());
  EXPECT_FALSE(absl::StrContains(other.status().message(), kSecret)) << other.status();
  // The secret given twice (the last wins, neither is echoed).
  auto twice = LoadWith(RequiredEnv(), {"--livechat-webhook-secret=" + kSecret,
                                        "--livechat-webhook-secret=" + kSecret, "stray"});
  ASSERT_FALSE(twice.ok());
  EXPECT_FALSE(absl::StrContains(twice.status().message(), kSecret)) << twice.status();
}

TEST(Config, ATokenPastedIntoAnyOtherSettingIsNeverEchoed) {
  // Every variable the help lists, one at a time, set to what looks like a
  // token: a setting that refuses it names itself and never the value.
  const std::string kToken = "dal:Xk3Pq9-fake-token_Vb7Lm2";
  const std::string help = HelpText();
  int refused = 0;
  for (size_t at = help.find("LIVECHAT_"); at != std::string::npos;) {
    size_t end = help.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789", at);
    const std::string name = help.substr(at, end - at);
    auto result = LoadWithSetting(name, kToken);
    if (!result.ok()) {
      ++refused;
      EXPECT_FALSE(absl::StrContains(result.status().message(), kToken)) << result.status();
      EXPECT_FALSE(absl::StrContains(result.status().message(), "Xk3Pq9")) << result.status();
    }
    size_t next_livechat = help.find("LIVECHAT_", end);
    size_t next_hitl = help.find("HITL_", end);
    at = std::min(next_livechat, next_hitl);
  }
  // Group id, auth scheme, API version, URLs, counts, durations, paths ...
  EXPECT_GE(refused, 10);
}

TEST(Config, MistypedSingleDashSecretFlagIsNotEchoedInTheError) {
  const std::string kSecret = "s3cr3t-do-not-print";
  auto result = LoadWith(RequiredEnv(), {"-livechat-agent-token=" + kSecret});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StrContains(result.status().message(), kSecret)) << result.status();
  auto spaced = LoadWith(RequiredEnv(), {"--livechat-agent-token", "=", kSecret});
  ASSERT_FALSE(spaced.ok());
  EXPECT_FALSE(absl::StrContains(spaced.status().message(), kSecret)) << spaced.status();
}

TEST(Config, PlainHttpLiveChatUrlsOnlyForLoopback) {
  for (const char* name : {"LIVECHAT_API_URL", "LIVECHAT_ACCOUNTS_URL"}) {
    for (const char* ok : {"http://127.0.0.1:8081", "http://localhost:9000", "http://localhost",
                           "https://api.example.com", "https://api.example.com/"}) {
      auto result = LoadWithSetting(name, ok);
      EXPECT_TRUE(result.ok()) << name << "=" << ok << ": " << result.status();
    }
    for (const char* bad : {"http://api.livechatinc.com", "http://10.0.0.5:8080", "ftp://localhost",
                            "api.livechatinc.com", "https://api.example.com/v3.5"}) {
      EXPECT_ERROR_NAMES(LoadWithSetting(name, bad), name);
    }
  }
  auto trimmed = LoadWithSetting("LIVECHAT_API_URL", "http://127.0.0.1:8081/");
  ASSERT_TRUE(trimmed.ok());
  EXPECT_EQ(trimmed->config.livechat.api_url, "http://127.0.0.1:8081");
  auto accounts = LoadWithSetting("LIVECHAT_ACCOUNTS_URL", "http://localhost:9001");
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts->config.livechat.accounts_url, "http://localhost:9001");
}

TEST(Config, PlainHttpIsRejectedForHostsThatOnlyStartLikeLoopback) {
  for (const char* bad : {"http://localhost.evil.example", "http://127.0.0.1.evil.example",
                          "http://localhost@evil.example", "http://127.0.0.1@evil.example:80",
                          "https://user@api.example.com", "http://localhost:80@evil.example"}) {
    EXPECT_ERROR_NAMES(LoadWithSetting("LIVECHAT_API_URL", bad), "LIVECHAT_API_URL");
  }
  for (const char* ok : {"http://[::1]:8080", "http://localhost:65535", "https://[2001:db8::1]:443"}) {
    EXPECT_TRUE(LoadWithSetting("LIVECHAT_API_URL", ok).ok()) << ok;
  }
}

TEST(Config, HugeDayCountsAreRejectedNotOverflowed) {
  EXPECT_ERROR_NAMES(LoadWithSetting("HITL_JOURNAL_RETENTION", "400000000000000000d"),
                     "HITL_JOURNAL_RETENTION");
  EXPECT_TRUE(LoadWithSetting("HITL_JOURNAL_RETENTION", "365d").ok());
}

TEST(Config, BadGroupIdIsRejectedNamingTheVariable) {
  for (const char* bad : {"x", "-1", "1.5", "12abc", "99999999999999999999"}) {
    EXPECT_ERROR_NAMES(LoadWithSetting("LIVECHAT_GROUP_ID", bad), "LIVECHAT_GROUP_ID");
  }
  auto zero = LoadWithSetting("LIVECHAT_GROUP_ID", "0");
  ASSERT_TRUE(zero.ok()) << zero.status();
  EXPECT_EQ(zero->config.group_id, 0);
  // The message names the variable even when the value came from the flag.
  EXPECT_ERROR_NAMES(LoadWith(RequiredEnv(), {"--livechat-group-id=x"}), "LIVECHAT_GROUP_ID");
}

TEST(Config, DurationsAcceptDaysAndGoDurationsButNotNegativeOrJunk) {
  auto days = LoadWithSetting("HITL_JOURNAL_RETENTION", "7d");
  ASSERT_TRUE(days.ok()) << days.status();
  EXPECT_EQ(days->config.journal_retention, absl::Hours(168));
  auto seconds = LoadWithSetting("HITL_JOURNAL_RETENTION", "90s");
  ASSERT_TRUE(seconds.ok()) << seconds.status();
  EXPECT_EQ(seconds->config.journal_retention, absl::Seconds(90));
  auto hours = LoadWithSetting("HITL_SHUTDOWN_GRACE", "1h30m");
  ASSERT_TRUE(hours.ok()) << hours.status();
  EXPECT_EQ(hours->config.shutdown_grace, absl::Minutes(90));
  auto timeout = LoadWithSetting("LIVECHAT_TIMEOUT", "2s");
  ASSERT_TRUE(timeout.ok()) << timeout.status();
  EXPECT_EQ(timeout->config.livechat.call_timeout, absl::Seconds(2));
  auto budget = LoadWithSetting("LIVECHAT_RETRY_BUDGET", "1m");
  ASSERT_TRUE(budget.ok()) << budget.status();
  EXPECT_EQ(budget->config.livechat.retry.budget, absl::Minutes(1));

  for (const char* name : {"HITL_JOURNAL_RETENTION", "HITL_SHUTDOWN_GRACE", "LIVECHAT_TIMEOUT",
                           "LIVECHAT_RETRY_BUDGET"}) {
    for (const char* bad : {"-1s", "abc", "0s", "0d", "-2d", "7", "1.5d", "", "d"}) {
      EXPECT_ERROR_NAMES(LoadWithSetting(name, bad), name);
    }
  }
}

TEST(Config, BadCountsAreRejectedNamingTheVariable) {
  struct Count {
    const char* name;
    const char* max;
    const char* too_many;
  };
  for (const Count& count :
       {Count{"HITL_WORKERS", "1024", "1025"}, Count{"HITL_WEBHOOK_THREADS", "1024", "1025"},
        Count{"HITL_SUBSCRIBER_QUEUE", "1000000", "1000001"}}) {
    for (const char* bad : {"0", "-1", "abc", "1.5", "", count.too_many}) {
      EXPECT_ERROR_NAMES(LoadWithSetting(count.name, bad), count.name);
    }
    EXPECT_TRUE(LoadWithSetting(count.name, "1").ok()) << count.name;
    EXPECT_TRUE(LoadWithSetting(count.name, count.max).ok()) << count.name;
  }
  auto workers = LoadWithSetting("HITL_WORKERS", "4");
  ASSERT_TRUE(workers.ok());
  EXPECT_EQ(workers->config.workers, 4u);
}

TEST(Config, OtherValidatedSettingsNameTheVariable) {
  EXPECT_ERROR_NAMES(LoadWithSetting("LIVECHAT_AGENT_AUTH", "digest"), "LIVECHAT_AGENT_AUTH");
  auto bearer = LoadWithSetting("LIVECHAT_AGENT_AUTH", "bearer");
  ASSERT_TRUE(bearer.ok());
  EXPECT_EQ(bearer->config.livechat.agent_auth_scheme, livechat::AgentAuthScheme::kBearer);
  EXPECT_ERROR_NAMES(LoadWithSetting("LIVECHAT_API_VERSION", "v3"), "LIVECHAT_API_VERSION");
  EXPECT_ERROR_NAMES(LoadWithSetting("LIVECHAT_API_VERSION", ""), "LIVECHAT_API_VERSION");
  EXPECT_ERROR_NAMES(LoadWithSetting("HITL_WEBHOOK_PATH", "hook"), "HITL_WEBHOOK_PATH");
}

TEST(Config, HelpTextListsEveryVariable) {
  const std::string help = HelpText();
  for (const char* name : {"LIVECHAT_CLIENT_ID",
                           "LIVECHAT_ORGANIZATION_ID",
                           "LIVECHAT_WEBHOOK_SECRET",
                           "LIVECHAT_WEBHOOK_SECRET_FILE",
                           "LIVECHAT_AGENT_TOKEN",
                           "LIVECHAT_AGENT_TOKEN_FILE",
                           "LIVECHAT_AGENT_AUTH",
                           "LIVECHAT_GROUP_ID",
                           "LIVECHAT_API_URL",
                           "LIVECHAT_ACCOUNTS_URL",
                           "LIVECHAT_API_VERSION",
                           "LIVECHAT_REDIRECT_URI",
                           "LIVECHAT_CA_FILE",
                           "LIVECHAT_TIMEOUT",
                           "LIVECHAT_RETRY_BUDGET",
                           "HITL_GRPC_ADDR",
                           "HITL_WEBHOOK_ADDR",
                           "HITL_WEBHOOK_PATH",
                           "HITL_WEBHOOK_THREADS",
                           "HITL_DB",
                           "HITL_JOURNAL_RETENTION",
                           "HITL_SUBSCRIBER_QUEUE",
                           "HITL_WORKERS",
                           "HITL_LOG_LEVEL",
                           "HITL_PORTS_FILE",
                           "HITL_SHUTDOWN_GRACE"}) {
    EXPECT_TRUE(absl::StrContains(help, name)) << name;
  }
  EXPECT_TRUE(absl::StrContains(help, "--grpc-addr"));
  EXPECT_TRUE(absl::StrContains(help, "0.0.0.0:50051"));
  EXPECT_TRUE(absl::StrContains(help, "required"));
}

}  // namespace
}  // namespace hitl::config

namespace hitl::config {
namespace {

TEST(ConfigSecurity, ApiTokensAreACommaSeparatedSecretList) {
  std::map<std::string, std::string> env = {
      {"LIVECHAT_CLIENT_ID", "c"}, {"LIVECHAT_ORGANIZATION_ID", "o"},
      {"LIVECHAT_WEBHOOK_SECRET", "s"}, {"LIVECHAT_AGENT_TOKEN", "t"}, {"LIVECHAT_GROUP_ID", "0"},
      {"HITL_API_TOKENS", " one , two,, "}};
  auto loaded = Load({}, FixedEnvironment(env));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->config.api_tokens, (std::vector<std::string>{"one", "two"}));
  env.erase("HITL_API_TOKENS");
  EXPECT_TRUE(Load({}, FixedEnvironment(env))->config.api_tokens.empty());
  env["HITL_TLS_CERT"] = "/some/cert.pem";
  auto half = Load({}, FixedEnvironment(env));
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("HITL_TLS_KEY"), std::string::npos);
}

}  // namespace
}  // namespace hitl::config

namespace hitl::config {
namespace {

TEST(ConfigRedis, UnsetMeansTheSqliteFileAndADefaultReplicaId) {
  auto result = LoadWith(RequiredEnv());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->config.redis_url, "");
  EXPECT_EQ(result->config.redis_prefix, "hitl");
  EXPECT_EQ(result->config.redis_min_replicas, 0);
  EXPECT_TRUE(absl::StrContains(result->config.replica_id, "-")) << result->config.replica_id;
}

TEST(ConfigRedis, ReadsTheUrlPrefixReplicasReplicaIdAndThePasswordFromAFile) {
  testing::TempDir dir;
  Env env = RequiredEnv();
  env["HITL_REDIS_URL"] = "redis://127.0.0.1:6380/2";
  env["HITL_REDIS_PASSWORD_FILE"] = WriteFile(dir, "redis-password", "s3cret\n");
  env["HITL_REDIS_PREFIX"] = "prod";
  env["HITL_REDIS_MIN_REPLICAS"] = "1";
  env["HITL_REPLICA_ID"] = "pod-a";
  auto result = LoadWith(env);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->config.redis_url, "redis://127.0.0.1:6380/2");
  EXPECT_EQ(result->config.redis_password, "s3cret");
  EXPECT_EQ(result->config.redis_prefix, "prod");
  EXPECT_EQ(result->config.redis_min_replicas, 1);
  EXPECT_EQ(result->config.replica_id, "pod-a");
}

TEST(ConfigRedis, RejectsAMinReplicasThatIsNotACountNamingTheSetting) {
  for (const char* bad : {"-1", "many", "17"}) {
    EXPECT_ERROR_NAMES(LoadWithSetting("HITL_REDIS_MIN_REPLICAS", bad), "HITL_REDIS_MIN_REPLICAS");
  }
}

}  // namespace
}  // namespace hitl::config

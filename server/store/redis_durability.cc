#include "server/store/redis_durability.h"

#include "absl/strings/str_cat.h"
#include "server/common/log.h"

namespace hitl::store {
namespace {

// CONFIG GET answers [name, value] (RESP2); nullptr if it did not.
const std::string* ConfigValue(const RedisReply& reply) {
  if (reply.kind != RedisReply::Kind::kArray || reply.elements.size() != 2) return nullptr;
  return &reply.elements[1].text;
}

}  // namespace

DurabilityCheck JudgeDurability(const RedisReply& appendonly, const RedisReply& appendfsync) {
  for (const RedisReply* reply : {&appendonly, &appendfsync}) {
    if (reply->is_error()) {
      return {DurabilityCheck::Verdict::kUnknown,
              absl::StrCat("CONFIG GET is not allowed (", reply->text, ")")};
    }
  }
  const std::string* aof = ConfigValue(appendonly);
  const std::string* fsync = ConfigValue(appendfsync);
  if (aof == nullptr || fsync == nullptr) {
    return {DurabilityCheck::Verdict::kUnknown, "CONFIG GET gave no value"};
  }
  std::string found = absl::StrCat("appendonly=", *aof, " appendfsync=", *fsync);
  if (*aof == "yes" && *fsync == "always") return {DurabilityCheck::Verdict::kDurable, found};
  return {DurabilityCheck::Verdict::kMayLoseWrites, found};
}

DurabilityCheck CheckDurability(RedisConnection& connection) {
  auto replies = connection.Pipeline(
      {{"CONFIG", "GET", "appendonly"}, {"CONFIG", "GET", "appendfsync"}});
  if (!replies.ok()) {
    return {DurabilityCheck::Verdict::kUnknown, std::string(replies.status().message())};
  }
  return JudgeDurability((*replies)[0], (*replies)[1]);
}

void LogDurability(const DurabilityCheck& check, absl::string_view address) {
  switch (check.verdict) {
    case DurabilityCheck::Verdict::kDurable:
      return;
    case DurabilityCheck::Verdict::kMayLoseWrites:
      log::Warn(
          "event=redis_not_durable address={} {}: an acknowledged event could be lost if "
          "Redis crashes; set appendonly yes and appendfsync always",
          address, check.detail);
      return;
    case DurabilityCheck::Verdict::kUnknown:
      log::Warn(
          "event=redis_durability_unknown address={} detail=\"{}\": could not check that "
          "Redis persists every write (needs appendonly yes, appendfsync always); make sure "
          "it does, or an acknowledged event could be lost if Redis crashes",
          address, check.detail);
      return;
  }
}

}  // namespace hitl::store

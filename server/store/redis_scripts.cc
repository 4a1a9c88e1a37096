#include "server/store/redis_scripts.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/store/store_errors.h"

namespace hitl::store {
namespace {

std::string Sha1Hex(absl::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

// Lua: the current time in milliseconds on the Redis server's clock.
#define HITL_LUA_NOW_MS                                    \
  "local t = redis.call('TIME')\n"                         \
  "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

}  // namespace

RedisScript::RedisScript(absl::string_view name, absl::string_view source)
    : name_(name), source_(source), sha1_(Sha1Hex(source)) {}

absl::Status RedisScript::Load(RedisConnection& connection) const {
  auto reply = connection.Command({"SCRIPT", "LOAD", source_});
  if (!reply.ok()) return reply.status();
  if (reply->is_error() || reply->text != sha1_) {
    return StoreUnavailable(kRedisStoreName,
                            absl::StrCat("cannot load script ", name_, ": ", reply->text));
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisScript::Evalsha(RedisConnection& connection,
                                                const std::vector<std::string>& keys,
                                                const std::vector<std::string>& args) const {
  std::vector<std::string> command = {"EVALSHA", sha1_, absl::StrCat(keys.size())};
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  return connection.Command(command);
}

absl::StatusOr<RedisReply> RedisScript::Run(RedisConnection& connection,
                                            const std::vector<std::string>& keys,
                                            const std::vector<std::string>& args) const {
  auto reply = Evalsha(connection, keys, args);
  if (reply.ok() && reply->IsErrorCode("NOSCRIPT")) {
    if (absl::Status s = Load(connection); !s.ok()) return s;
    reply = Evalsha(connection, keys, args);
  }
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) {
    return StoreUnavailable(kRedisStoreName,
                            absl::StrCat("script ", name_, " failed: ", reply->text));
  }
  return reply;
}

absl::Status LoadScripts(RedisConnection& connection) {
  for (const RedisScript* script :
       {&kCommitScript, &kCreateSessionScript, &kDeleteSessionScript, &kPruneJournalScript,
        &kPruneSessionJournalsScript, &kReserveScript, &kSaveProgressScript, &kCompleteScript,
        &kReleaseScript, &kAcquireLeaseScript, &kReleaseLeaseScript, &kReadSessionsScript}) {
    if (absl::Status s = script->Load(connection); !s.ok()) return s;
  }
  return absl::OkStatus();
}

const RedisScript kCommitScript("commit", R"lua(
if ARGV[1] ~= '' and redis.call('ZSCORE', KEYS[6], ARGV[1]) then
  return {'duplicate'}
end
if ARGV[3] ~= '0' then
  local stored = redis.call('HMGET', KEYS[5], 'v', 'c')
  if not stored[1] then return {'missing'} end
  if stored[1] ~= ARGV[4] then return {'conflict'} end
  if stored[2] ~= ARGV[10] then return {'chat'} end
end
local n = tonumber(ARGV[11])
local ended_entry = tonumber(ARGV[9])
local ended_seq = ARGV[8]
local seqs = {}
for i = 1, n do
  local a = 8 + 4 * i
  local fresh = true
  if ARGV[a] ~= '' then
    if redis.call('ZSCORE', KEYS[6], ARGV[a]) then
      fresh = false
    else
      redis.call('ZADD', KEYS[6], ARGV[2], ARGV[a])
    end
  end
  seqs[i] = '0'
  if fresh then
    local seq = string.format('%d', redis.call('INCR', KEYS[2]))
    local id = seq .. '-0'
    redis.call('XADD', KEYS[1], id, 's', ARGV[a + 1], 't', ARGV[a + 2], 'p', ARGV[a + 3])
    redis.call('XADD', KEYS[6 + i], id, 'j', '')
    redis.call('SADD', KEYS[3], ARGV[a + 1])
    if i == ended_entry then ended_seq = seq end
    seqs[i] = seq
  end
end
if ARGV[1] ~= '' then redis.call('ZADD', KEYS[6], ARGV[2], ARGV[1]) end
local version = 0
if ARGV[3] == '2' then version = tonumber(ARGV[4]) end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[5], 'r', ARGV[5], 'e', ended_seq)
  version = redis.call('HINCRBY', KEYS[5], 'v', 1)
  if ARGV[6] == '1' then
    redis.call('ZREM', KEYS[4], ARGV[7])
  else
    redis.call('ZADD', KEYS[4], 0, ARGV[7])
  end
end
local result = {'ok', version, ended_seq}
for i = 1, n do result[3 + i] = seqs[i] end
return result
)lua");

const RedisScript kReadSessionsScript("read_sessions", R"lua(
local limit = tonumber(ARGV[2])
local seqs = {}
for i = 2, #KEYS do
  for _, entry in ipairs(redis.call('XRANGE', KEYS[i], ARGV[1], '+', 'COUNT', limit)) do
    seqs[#seqs + 1] = tonumber(string.match(entry[1], '^%d+'))
  end
end
table.sort(seqs)
local entries = {}
for i = 1, math.min(#seqs, limit) do
  local id = string.format('%d-0', seqs[i])
  local found = redis.call('XRANGE', KEYS[1], id, id)
  if found[1] then entries[#entries + 1] = found[1] end
end
return entries
)lua");

const RedisScript kCreateSessionScript("create_session", R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 'session' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'chat' end
redis.call('HSET', KEYS[1], 'r', ARGV[1], 'v', 1, 'e', ARGV[5], 'c', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2])
if ARGV[4] ~= '1' then redis.call('ZADD', KEYS[3], 0, ARGV[2]) end
return 'ok'
)lua");

const RedisScript kDeleteSessionScript("delete_session", R"lua(
local chat = redis.call('HGET', KEYS[1], 'c')
if chat and chat ~= ARGV[2] then return 'retry' end
if chat and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
local ids = {}
for _, entry in ipairs(redis.call('XRANGE', KEYS[5], '-', '+')) do
  ids[#ids + 1] = entry[1]
  if #ids == 500 then
    redis.call('XDEL', KEYS[4], unpack(ids))
    ids = {}
  end
end
if #ids > 0 then redis.call('XDEL', KEYS[4], unpack(ids)) end
redis.call('DEL', KEYS[5])
redis.call('SREM', KEYS[6], ARGV[1])
return 'ok'
)lua");

const RedisScript kPruneJournalScript("prune_journal", R"lua(
local trimmed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2])
local pruned = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) > pruned then redis.call('SET', KEYS[2], ARGV[1]) end
return trimmed
)lua");

const RedisScript kPruneSessionJournalsScript("prune_session_journals", R"lua(
for i = 2, #KEYS do
  redis.call('XTRIM', KEYS[i], 'MINID', ARGV[1])
  if redis.call('XLEN', KEYS[i]) == 0 then
    redis.call('DEL', KEYS[i])
    redis.call('SREM', KEYS[1], ARGV[i])
  end
end
return 0
)lua");

const RedisScript kReserveScript("reserve", HITL_LUA_NOW_MS R"lua(
local r = redis.call('HMGET', KEYS[1], 'o', 'x', 'p', 'd')
if r[4] then return {'completed', r[4], 0} end
if r[1] and r[1] ~= ARGV[1] and tonumber(r[2]) > now then
  return {'held', '', tonumber(r[2]) - now}
end
redis.call('HSET', KEYS[1], 'o', ARGV[1], 'x', string.format('%d', now + tonumber(ARGV[2])))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if r[3] then return {'progress', r[3], 0} end
return {'acquired', '', 0}
)lua");

const RedisScript kSaveProgressScript("save_progress", HITL_LUA_NOW_MS R"lua(
local r = redis.call('HMGET', KEYS[1], 'o', 'd')
if r[1] ~= ARGV[1] or r[2] then return 0 end
redis.call('HSET', KEYS[1], 'x', string.format('%d', now + tonumber(ARGV[3])), 'p', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)lua");

const RedisScript kCompleteScript("complete", R"lua(
local r = redis.call('HMGET', KEYS[1], 'o', 'd')
if r[1] ~= ARGV[1] then return 0 end
if r[2] then return 1 end
redis.call('HSET', KEYS[1], 'd', ARGV[2])
redis.call('HDEL', KEYS[1], 'p')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
)lua");

const RedisScript kReleaseScript("release", R"lua(
local r = redis.call('HMGET', KEYS[1], 'o', 'd')
if r[1] == ARGV[1] and not r[2] then redis.call('DEL', KEYS[1]) end
return 1
)lua");

const RedisScript kAcquireLeaseScript("acquire_lease", R"lua(
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
)lua");

const RedisScript kReleaseLeaseScript("release_lease", R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
)lua");

}  // namespace hitl::store

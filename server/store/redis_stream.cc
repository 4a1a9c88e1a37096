#include "server/store/redis_stream.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/redis_connection.h"
#include "server/store/session_codec.h"
#include "server/store/store_errors.h"

namespace hitl::store {
namespace {

absl::Status Corrupt(absl::string_view what) {
  return StoreUnavailable(kRedisStoreName, absl::StrCat("the journal holds ", what));
}

absl::StatusOr<JournalEntry> DecodeEntry(const RedisReply& item) {
  if (item.kind != RedisReply::Kind::kArray || item.elements.size() != 2 ||
      item.elements[1].kind != RedisReply::Kind::kArray) {
    return Corrupt("an entry that is not [id, fields]");
  }
  JournalEntry entry;
  const std::string& id = item.elements[0].text;
  if (!absl::SimpleAtoi(id.substr(0, id.find('-')), &entry.seq)) {
    return Corrupt(absl::StrCat("an entry with id '", id, "'"));
  }
  const std::vector<RedisReply>& fields = item.elements[1].elements;
  bool has_time = false;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    const std::string& name = fields[i].text;
    const std::string& value = fields[i + 1].text;
    if (name == "s") {
      entry.session_id = value;
    } else if (name == "p") {
      entry.payload = value;
    } else if (name == "t") {
      int64_t micros = 0;
      has_time = absl::SimpleAtoi(value, &micros);
      entry.recorded_at = MicrosToTime(micros);
    }
  }
  if (!has_time) return Corrupt(absl::StrCat("entry ", id, " without a recorded time"));
  return entry;
}

}  // namespace

std::string StreamId(int64_t seq) { return absl::StrCat(seq, "-0"); }

absl::StatusOr<std::vector<JournalEntry>> DecodeStreamEntries(const RedisReply& reply) {
  if (reply.is_nil()) return std::vector<JournalEntry>();
  if (reply.kind != RedisReply::Kind::kArray) return Corrupt("a reply that is not a list");
  std::vector<JournalEntry> entries;
  entries.reserve(reply.elements.size());
  for (const RedisReply& item : reply.elements) {
    auto entry = DecodeEntry(item);
    if (!entry.ok()) return entry.status();
    entries.push_back(*std::move(entry));
  }
  return entries;
}

absl::StatusOr<std::vector<JournalEntry>> DecodeStreamRead(const RedisReply& reply) {
  if (reply.is_nil()) return std::vector<JournalEntry>();  // BLOCK timed out
  // [[stream name, entries]]
  if (reply.kind != RedisReply::Kind::kArray || reply.elements.size() != 1 ||
      reply.elements[0].kind != RedisReply::Kind::kArray ||
      reply.elements[0].elements.size() != 2) {
    return Corrupt("an XREAD reply of an unexpected shape");
  }
  return DecodeStreamEntries(reply.elements[0].elements[1]);
}

}  // namespace hitl::store

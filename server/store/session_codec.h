// A SessionRecord as bytes for the Redis store (JSON, so an operator can
// read it with redis-cli). Every field survives the trip exactly: times as
// Unix microseconds, the infinite past as INT64_MIN and the infinite
// future as INT64_MAX (as the SQLite store keeps them), a missing end_time
// as null. `version` and `ended_seq` are left out: the store keeps them in
// fields of their own beside the record, because its Lua scripts set them
// (the version on every write, ended_seq from the seq the commit assigns).
//
// Thread-safe: free functions. No exception leaves them.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/session_record.h"

namespace hitl::store {

// The store's time encoding (records and journal entries): Unix
// microseconds, the infinite past and future as INT64_MIN and INT64_MAX.
int64_t TimeToMicros(absl::Time time);
absl::Time MicrosToTime(int64_t micros);

// INVALID_ARGUMENT if a string field is not UTF-8.
absl::StatusOr<std::string> EncodeSession(const SessionRecord& session);
// DATA_LOSS if `bytes` is not an encoded session (corrupt or foreign data);
// `version` and `ended_seq` stay 0.
absl::StatusOr<SessionRecord> DecodeSession(absl::string_view bytes);

}  // namespace hitl::store

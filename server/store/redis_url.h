// HITL_REDIS_URL: where the Redis store lives, parsed from
// redis://[[user]:password@]host[:port][/db] (port 6379 and db 0 by
// default; user and password may be percent-encoded; IPv6 hosts in
// brackets). The password is a secret: no error message and no log line
// ever contains it (errors describe what is wrong instead of echoing the
// URL), and Address() leaves it out.
//
// Thread-safe: free functions and a plain value.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hitl::store {

struct RedisUrl {
  std::string host;
  int port = 6379;
  std::string user;      // empty: the default user
  std::string password;  // empty: no AUTH
  int db = 0;

  // "host:port" ("[::1]:6379" for IPv6), safe to log.
  std::string Address() const;
};

// INVALID_ARGUMENT naming HITL_REDIS_URL (never echoing the password) if
// `url` is not of the form above. TLS (rediss://) is not supported.
absl::StatusOr<RedisUrl> ParseRedisUrl(absl::string_view url);

}  // namespace hitl::store

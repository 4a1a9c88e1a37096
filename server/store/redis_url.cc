#include "server/store/redis_url.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace hitl::store {
namespace {

constexpr absl::string_view kScheme = "redis://";
constexpr absl::string_view kForm = "redis://[[user]:password@]host[:port][/db]";

absl::Status BadUrl(absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("HITL_REDIS_URL: ", why, " (expected ", kForm, ")"));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Percent-decoding, so a password may contain '@', ':' or '/'.
absl::StatusOr<std::string> Unescape(absl::string_view text, absl::string_view what) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int high = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      return BadUrl(absl::StrCat("the ", what, " has a '%' not followed by two hex digits"));
    }
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

absl::Status ParseUserInfo(absl::string_view userinfo, RedisUrl& url) {
  size_t colon = userinfo.find(':');
  if (colon == absl::string_view::npos) {
    return BadUrl("put the password after a colon, as in redis://:password@host:port");
  }
  auto user = Unescape(userinfo.substr(0, colon), "user");
  if (!user.ok()) return user.status();
  auto password = Unescape(userinfo.substr(colon + 1), "password");
  if (!password.ok()) return password.status();
  url.user = *std::move(user);
  url.password = *std::move(password);
  return absl::OkStatus();
}

absl::Status ParseHostPort(absl::string_view authority, RedisUrl& url) {
  absl::string_view port;
  if (absl::StartsWith(authority, "[")) {
    size_t close = authority.find(']');
    if (close == absl::string_view::npos) return BadUrl("an IPv6 host lacks its ']'");
    url.host = std::string(authority.substr(1, close - 1));
    absl::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') return BadUrl("unexpected text after the IPv6 host");
    if (!rest.empty()) port = rest.substr(1);
    if (!rest.empty() && port.empty()) return BadUrl("the port is empty");
  } else {
    size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != absl::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return BadUrl("the port is empty");
    }
  }
  if (url.host.empty()) return BadUrl("the host is missing");
  if (!port.empty() && (!absl::SimpleAtoi(port, &url.port) || url.port < 1 || url.port > 65535 ||
                        !absl::ascii_isdigit(port[0]))) {
    return BadUrl("the port is not a number from 1 to 65535");
  }
  return absl::OkStatus();
}

}  // namespace

std::string RedisUrl::Address() const {
  if (absl::StrContains(host, ':')) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<RedisUrl> ParseRedisUrl(absl::string_view text) {
  if (text.empty()) return BadUrl("is not set");
  if (absl::StartsWithIgnoreCase(text, "rediss://")) {
    return BadUrl("TLS (rediss://) is not supported; use redis:// on a trusted network");
  }
  if (!absl::StartsWithIgnoreCase(text, kScheme)) return BadUrl("must start with redis://");
  absl::string_view rest = text.substr(kScheme.size());
  RedisUrl url;
  // The last '@' ends the credentials: an unescaped '@' may be in the password.
  size_t at = rest.rfind('@');
  if (at != absl::string_view::npos) {
    if (absl::Status s = ParseUserInfo(rest.substr(0, at), url); !s.ok()) return s;
    rest = rest.substr(at + 1);
  }
  if (rest.find_first_of("?#") != absl::string_view::npos) {
    return BadUrl("query parameters and fragments are not supported");
  }
  size_t slash = rest.find('/');
  absl::string_view path =
      slash == absl::string_view::npos ? absl::string_view() : rest.substr(slash + 1);
  if (absl::Status s = ParseHostPort(rest.substr(0, slash), url); !s.ok()) return s;
  if (!path.empty() &&
      (!absl::ascii_isdigit(path[0]) || !absl::SimpleAtoi(path, &url.db) || url.db < 0)) {
    return BadUrl("the database after '/' is not a number");
  }
  return url;
}

}  // namespace hitl::store

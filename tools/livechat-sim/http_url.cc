#include "tools/livechat-sim/http_url.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace hitl::sim {

absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view url) {
  absl::string_view rest = url;
  absl::string_view scheme;
  if (absl::ConsumePrefix(&rest, "http://")) {
    scheme = "http://";
  } else if (absl::ConsumePrefix(&rest, "https://")) {
    scheme = "https://";
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("'", url, "' is not an http:// or https:// URL"));
  }
  size_t slash = rest.find_first_of("/?");
  absl::string_view authority = rest.substr(0, slash);
  if (authority.empty() || absl::StrContains(authority, '@') || absl::StartsWith(authority, ":")) {
    return absl::InvalidArgumentError(absl::StrCat("'", url, "' has no host"));
  }
  HttpUrl out;
  out.origin = absl::StrCat(scheme, authority);
  out.path = slash == absl::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (absl::StartsWith(out.path, "?")) out.path = absl::StrCat("/", out.path);
  return out;
}

}  // namespace hitl::sim

#include "server/grpc/api_tokens.h"

#include "absl/strings/match.h"
#include "server/common/errors.h"
#include "server/common/secrets.h"

namespace hitl::grpc_api {

absl::Status ApiTokens::Check(const grpc::ServerContextBase& context) const {
  if (!enabled()) return absl::OkStatus();
  const auto& metadata = context.client_metadata();
  auto header = metadata.find("authorization");
  std::string presented;
  if (header != metadata.end()) {
    absl::string_view value(header->second.data(), header->second.size());
    if (absl::StartsWithIgnoreCase(value, "Bearer ")) presented = std::string(value.substr(7));
  }
  bool match = false;
  for (const std::string& token : tokens_) match |= ConstantTimeEquals(presented, token);
  if (match && !presented.empty()) return absl::OkStatus();
  return MakeError(absl::StatusCode::kUnauthenticated, "API_TOKEN_INVALID",
                   header == metadata.end()
                       ? "this gateway needs 'authorization: Bearer <token>' call metadata"
                       : "the bearer token in 'authorization' is not one of this gateway's");
}

}  // namespace hitl::grpc_api

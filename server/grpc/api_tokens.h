// Optional bearer-token authentication of bots: when tokens are configured
// (HITL_API_TOKENS), every HitlService call must carry
// "authorization: Bearer <one of them>". Several tokens allow rotation.
// Health checking and reflection stay open for probes and tooling.
//
// Thread-safe (immutable after construction).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"

namespace hitl::grpc_api {

class ApiTokens {
 public:
  explicit ApiTokens(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  bool enabled() const { return !tokens_.empty(); }
  // OK when disabled or the call presents a configured token (compared in
  // constant time, against every token); UNAUTHENTICATED otherwise.
  absl::Status Check(const grpc::ServerContextBase& context) const;

 private:
  std::vector<std::string> tokens_;  // secret
};

}  // namespace hitl::grpc_api

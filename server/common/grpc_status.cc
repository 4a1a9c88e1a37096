#include "server/common/grpc_status.h"

#include "absl/strings/ascii.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/common/errors.h"

namespace hitl {
namespace {

// A reason for errors that were made without one, so clients always get one.
std::string DefaultReason(absl::StatusCode code) {
  if (code == absl::StatusCode::kInternal) return std::string(reason::kInternal);
  return absl::AsciiStrToUpper(absl::StatusCodeToString(code));
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::ErrorInfo info;
  std::string reason = ErrorReason(status);
  info.set_reason(reason.empty() ? DefaultReason(status.code()) : reason);
  info.set_domain(std::string(kErrorDomain));
  for (auto& [key, value] : GetErrorMetadata(status)) {
    (*info.mutable_metadata())[key] = value;
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  details.add_details()->PackFrom(info);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()),
                      details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  auto code = static_cast<absl::StatusCode>(status.error_code());
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) {
        ErrorMetadata metadata(info.metadata().begin(), info.metadata().end());
        return MakeError(code, info.reason(), status.error_message(),
                         std::move(metadata));
      }
    }
  }
  return absl::Status(code, status.error_message());
}

}  // namespace hitl

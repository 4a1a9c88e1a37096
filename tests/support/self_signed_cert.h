// A throwaway self-signed certificate for 127.0.0.1 and localhost, made at
// run time (no key material is ever committed), for TLS tests.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace hitl::testing {

// Writes <dir>/cert.pem and <dir>/key.pem (an EC P-256 key).
absl::Status WriteSelfSignedCert(const std::string& dir);

}  // namespace hitl::testing

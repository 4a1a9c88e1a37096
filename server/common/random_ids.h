// Unguessable identifiers from OpenSSL's CSPRNG.
//
// Thread-safe.
#pragma once

#include <string>

namespace hitl {

// `bytes` random bytes as lower-case hex.
std::string RandomHex(size_t bytes);

// A random (version 4) UUID, e.g. for generated request ids.
std::string RandomUuid();

}  // namespace hitl

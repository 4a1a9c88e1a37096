#include "server/common/random_ids.h"

#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace hitl {
namespace {

std::vector<uint8_t> RandomBytes(size_t count) {
  std::vector<uint8_t> bytes(count);
  // RAND_bytes only fails when the OS has no entropy source at all; nothing
  // sensible can continue without unguessable ids.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::abort();
  }
  return bytes;
}

}  // namespace

std::string RandomHex(size_t bytes) {
  auto raw = RandomBytes(bytes);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

std::string RandomUuid() {
  auto raw = RandomBytes(16);
  raw[6] = (raw[6] & 0x0f) | 0x40;  // version 4
  raw[8] = (raw[8] & 0x3f) | 0x80;  // RFC 4122 variant
  std::string hex = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-",
                      hex.substr(12, 4), "-", hex.substr(16, 4), "-",
                      hex.substr(20));
}

}  // namespace hitl

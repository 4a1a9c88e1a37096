#include "server/common/secrets.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace hitl {

static_assert(SHA256_DIGEST_LENGTH == 32);

std::array<unsigned char, 32> Sha256(absl::string_view data) {
  std::array<unsigned char, 32> digest;
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return digest;
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  const std::array<unsigned char, 32> digest_a = Sha256(a);
  const std::array<unsigned char, 32> digest_b = Sha256(b);
  // Equal digests with different inputs would need a SHA-256 collision.
  return CRYPTO_memcmp(digest_a.data(), digest_b.data(), digest_a.size()) == 0;
}

}  // namespace hitl

#include "server/common/secrets.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace hitl {

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  unsigned char digest_a[SHA256_DIGEST_LENGTH];
  unsigned char digest_b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), digest_a);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), digest_b);
  // Equal digests with different inputs would need a SHA-256 collision.
  return CRYPTO_memcmp(digest_a, digest_b, SHA256_DIGEST_LENGTH) == 0;
}

}  // namespace hitl

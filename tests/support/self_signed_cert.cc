#include "tests/support/self_signed_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

namespace hitl::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

}  // namespace

absl::Status WriteSelfSignedCert(const std::string& dir) {
  Key key(EVP_EC_gen("P-256"));
  Cert cert(X509_new());
  if (!key || !cert) return absl::InternalError("openssl: cannot create key or certificate");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!AddExtension(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") ||
      !AddExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return absl::InternalError("openssl: cannot build the certificate");
  }
  FILE* cert_file = std::fopen((dir + "/cert.pem").c_str(), "w");
  FILE* key_file = std::fopen((dir + "/key.pem").c_str(), "w");
  bool written = cert_file && key_file && PEM_write_X509(cert_file, cert.get()) == 1 &&
                 PEM_write_PrivateKey(key_file, key.get(), nullptr, nullptr, 0, nullptr,
                                      nullptr) == 1;
  if (cert_file) std::fclose(cert_file);
  if (key_file) std::fclose(key_file);
  return written ? absl::OkStatus() : absl::InternalError("cannot write the PEM files");
}

}  // namespace hitl::testing

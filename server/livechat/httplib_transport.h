// HttpTransport over cpp-httplib with OpenSSL: HTTPS with certificate
// verification (system trust store, or a CA file), TCP_NODELAY, and a pool of
// kept-alive connections per base URL so concurrent calls neither serialise
// on one connection nor reconnect each time.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/livechat/http_transport.h"

namespace httplib {
class Client;
}

namespace hitl::livechat {

struct HttplibTransportOptions {
  // PEM bundle of trusted CAs; empty uses the system's trust store.
  std::string ca_file;
  absl::Duration connect_timeout = absl::Seconds(5);
  // Idle connections kept per base URL.
  size_t max_idle_per_host = 16;
};

class HttplibTransport final : public HttpTransport {
 public:
  explicit HttplibTransport(HttplibTransportOptions options);
  ~HttplibTransport() override;

  absl::StatusOr<HttpResponse> Post(const HttpRequest& request,
                                    absl::Duration timeout) override;

 private:
  std::unique_ptr<httplib::Client> Borrow(const std::string& base_url);
  void Return(const std::string& base_url, std::unique_ptr<httplib::Client> client);

  const HttplibTransportOptions options_;
  absl::Mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::livechat

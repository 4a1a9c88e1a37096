// HttpTransport over cpp-httplib with OpenSSL: HTTPS with certificate
// verification (system trust store, or a CA file), TCP_NODELAY, and a pool of
// kept-alive connections per base URL so concurrent calls neither serialise
// on one connection nor reconnect each time.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <set>
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

  // Shutdown: every exchange in progress fails at once (its socket is shut
  // down: UNKNOWN, LiveChat may have received it) and every later one
  // before it is sent (UNAVAILABLE). An exchange that was only about to
  // connect when this ran may still start; calling it again stops that one.
  void CancelAll();

 private:
  std::unique_ptr<httplib::Client> Borrow(const std::string& base_url);
  void Return(const std::string& base_url, std::unique_ptr<httplib::Client> client);

  const HttplibTransportOptions options_;
  absl::Mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle_
      ABSL_GUARDED_BY(mu_);
  std::set<httplib::Client*> in_flight_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace hitl::livechat

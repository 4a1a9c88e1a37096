#include "server/livechat/httplib_transport.h"

#include <httplib.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace hitl::livechat {
namespace {

std::chrono::microseconds ToChrono(absl::Duration duration) {
  return std::chrono::microseconds(absl::ToInt64Microseconds(duration));
}

absl::Status TransportError(httplib::Error error, const HttpRequest& request,
                            long verify_result) {
  std::string where = absl::StrCat(request.base_url, ": ");
  switch (error) {
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
    case httplib::Error::BindIPAddress:
      return absl::UnavailableError(
          absl::StrCat(where, "could not connect (", httplib::to_string(error), ")"));
    case httplib::Error::SSLServerVerification:
      return absl::FailedPreconditionError(absl::StrCat(
          where, "TLS certificate verification failed (",
          X509_verify_cert_error_string(verify_result),
          "); check LIVECHAT_CA_FILE or the URL"));
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
      return absl::FailedPreconditionError(
          absl::StrCat(where, "TLS setup failed (", httplib::to_string(error), ")"));
    default:
      return absl::UnknownError(absl::StrCat(
          where, "connection failed during the exchange (", httplib::to_string(error),
          "); LiveChat may have received the request"));
  }
}

}  // namespace

HttplibTransport::HttplibTransport(HttplibTransportOptions options)
    : options_(std::move(options)) {}

HttplibTransport::~HttplibTransport() = default;

std::unique_ptr<httplib::Client> HttplibTransport::Borrow(const std::string& base_url) {
  {
    absl::MutexLock lock(&mu_);
    auto& idle = idle_[base_url];
    if (!idle.empty()) {
      auto client = std::move(idle.back());
      idle.pop_back();
      return client;
    }
  }
  auto client = std::make_unique<httplib::Client>(base_url);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_follow_location(false);
  client->set_connection_timeout(ToChrono(options_.connect_timeout));
  client->enable_server_certificate_verification(true);
  if (!options_.ca_file.empty()) client->set_ca_cert_path(options_.ca_file);
  return client;
}

void HttplibTransport::Return(const std::string& base_url,
                              std::unique_ptr<httplib::Client> client) {
  absl::MutexLock lock(&mu_);
  auto& idle = idle_[base_url];
  if (idle.size() < options_.max_idle_per_host) idle.push_back(std::move(client));
}

absl::StatusOr<HttpResponse> HttplibTransport::Post(const HttpRequest& request,
                                                    absl::Duration timeout) {
  std::unique_ptr<httplib::Client> client = Borrow(request.base_url);
  if (!client->is_valid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("not a usable base URL: '", request.base_url, "'"));
  }
  client->set_read_timeout(ToChrono(timeout));
  client->set_write_timeout(ToChrono(timeout));
  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) {
      return absl::UnavailableError(
          absl::StrCat(request.base_url, ": not sent, the gateway is shutting down"));
    }
    in_flight_.insert(client.get());
  }
  httplib::Result result =
      client->Post(request.path, headers, request.body, request.content_type);
  bool cancelled = false;
  {
    absl::MutexLock lock(&mu_);
    in_flight_.erase(client.get());
    cancelled = cancelled_;
  }
  if (!result) {
    // A broken connection is not returned to the pool.
    return TransportError(result.error(), request, client->get_openssl_verify_result());
  }
  HttpResponse response;
  response.status = result->status;
  response.body = std::move(result->body);
  for (const auto& [name, value] : result->headers) response.headers.emplace_back(name, value);
  if (!cancelled) Return(request.base_url, std::move(client));
  return response;
}

void HttplibTransport::CancelAll() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  // stop() only shuts the socket down, the one thing safe to do to a client
  // another thread is using; that thread then fails and drops it.
  for (httplib::Client* client : in_flight_) client->stop();
  idle_.clear();
}

}  // namespace hitl::livechat

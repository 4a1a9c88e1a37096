#include "server/common/http_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace hitl {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

// How much to read at once while waiting for a request's first bytes.
constexpr size_t kReadChunk = 16 << 10;
// How long a refused request's remaining bytes are drained after the answer,
// so that closing does not reset the connection before the client reads it.
constexpr absl::Duration kLingerTime = absl::Seconds(1);

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      absl::ToChronoNanoseconds(d));
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

hitl::HttpResponse JsonError(int status, absl::string_view message) {
  hitl::HttpResponse response;
  response.status = status;
  response.body = nlohmann::json{{"error", message}}.dump();
  return response;
}

}  // namespace

std::string ByteSize(size_t bytes) {
  if (bytes > 0 && bytes % (size_t{1} << 20) == 0) return absl::StrCat(bytes >> 20, " MiB");
  if (bytes > 0 && bytes % (size_t{1} << 10) == 0) return absl::StrCat(bytes >> 10, " KiB");
  return absl::StrCat(bytes, " bytes");
}

class HttpConnection;
using Clock = std::chrono::steady_clock;

// One thread and its io_context, with the connections bound to it. Its
// connections' handlers never hop threads (sharing one io_context costs a
// wake-up per step), and deadlines are checked by one sweep per lane rather
// than a timer per read and write (each would be a timerfd update).
struct Lane {
  // Before the context: handlers it destroys may end a connection, which
  // takes itself out of this set.
  absl::flat_hash_set<HttpConnection*> connections;  // the lane's thread only
  asio::io_context context{1};
  asio::steady_timer sweep{context};
};

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, HttpHandler handler, HttpRefusalObserver observer)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        observer_(std::move(observer)),
        // A quarter of the shortest timeout: a deadline is kept to within 25 %.
        sweep_period_(ToChrono(std::clamp(
            std::min(options_.idle_timeout, options_.request_timeout) / 4,
            absl::Milliseconds(10), absl::Milliseconds(250)))),
        acceptor_(accept_context_),
        accept_retry_(accept_context_) {
    // A handler blocking on the store holds up only its lane; accepting
    // has a thread of its own.
    for (size_t i = 0; i < std::max<size_t>(options_.threads, 1); ++i) {
      lanes_.push_back(std::make_unique<Lane>());
    }
  }

  absl::StatusOr<int> Start();
  void Stop();

  size_t open_connections() const { return open_.load(std::memory_order_relaxed); }
  const HttpServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  HttpResponse Handle(HttpRequest& request) {
    try {
      return handler_(request);
    } catch (const std::exception&) {
      // A handler must not throw; if one does, the client still gets an
      // answer and the server goes on.
      return JsonError(500, "internal error");
    }
  }
  void Refused(HttpRefusal refusal) {
    if (observer_) observer_(refusal);
  }
  void Closed() { open_.fetch_sub(1, std::memory_order_relaxed); }

 private:
  void Accept();
  void OnAccept(const beast::error_code& ec, tcp::socket socket, Lane& lane);
  void Sweep(Lane& lane);
  absl::StatusOr<tcp::endpoint> Endpoint();

  const HttpServerOptions options_;
  HttpHandler handler_;
  HttpRefusalObserver observer_;
  const Clock::duration sweep_period_;
  std::atomic<size_t> open_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> started_{false};
  std::vector<std::unique_ptr<Lane>> lanes_;
  // Keep the lanes running until Stop has handed every connection its stop:
  // without them a lane could return before a stop posted late runs.
  std::vector<WorkGuard> keep_running_;
  size_t next_lane_ = 0;  // the accepting thread's
  asio::io_context accept_context_{1};
  tcp::acceptor acceptor_;           // used on accept_context_ only
  asio::steady_timer accept_retry_;  // likewise
  std::vector<std::thread> threads_;
};

// One client connection, driven on its lane: wait for a request, read it
// within its deadline, call the handler, write the answer, repeat.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(HttpServer::Impl& server, Lane& lane, tcp::socket socket)
      : server_(server), lane_(lane), socket_(std::move(socket)) {}
  ~HttpConnection() {
    lane_.connections.erase(this);
    server_.Closed();
  }

  // On the lane's thread.
  void Start() {
    if (server_.stopping()) return;  // closes as it goes
    beast::error_code ec;
    tcp::endpoint peer = socket_.remote_endpoint(ec);
    if (!ec) remote_addr_ = peer.address().to_string();
    lane_.connections.insert(this);
    WaitForRequest();
  }

  // The server stops (on the lane's thread): a connection that is not
  // answering a request closes.
  void Stop() {
    if (!answering_) Cancel();
  }

  // Cuts the connection if its time is up (on the lane's thread).
  void CheckDeadline(Clock::time_point now) {
    if (now < deadline_) return;
    deadline_ = Clock::time_point::max();
    timed_out_ = true;
    Cancel();
  }

 private:
  const HttpServerOptions& options() const { return server_.options(); }

  void Arm(absl::Duration timeout) { deadline_ = Clock::now() + ToChrono(timeout); }
  void Cancel() {
    beast::error_code ignored;
    socket_.cancel(ignored);
  }

  void WaitForRequest() {
    if (buffer_.size() > 0) {  // a pipelined request already arrived
      ReadHeader();
      return;
    }
    Arm(options().idle_timeout);
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t read) {
                              if (ec) return self->Close();  // idle, gone or stopping
                              self->buffer_.commit(read);
                              self->ReadHeader();
                            });
  }

  // From the first byte, the whole request must arrive within one deadline.
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(options().max_header_bytes));
    parser_->body_limit(options().max_body_bytes);
    Arm(options().request_timeout);
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Fail(ec);
                              self->OnHeader();
                            });
  }

  void OnHeader() {
    const auto& request = parser_->get();
    if (!parser_->is_done() && beast::iequals(request[http::field::expect], "100-continue")) {
      auto proceed = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                        request.version());
      http::async_write(socket_, *proceed,
                        [self = shared_from_this(), proceed](beast::error_code ec, size_t) {
                          if (ec) return self->Fail(ec);
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) return Answer();
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->Fail(ec);
                       self->Answer();
                     });
  }

  void Answer() {
    answering_ = true;
    auto& message = parser_->get();
    HttpRequest request{.method = std::string(message.method_string()),
                        .path = std::string(message.target()),
                        .body = std::move(message.body()),
                        .remote_addr = remote_addr_};
    if (size_t query = request.path.find('?'); query != std::string::npos) {
      request.path.resize(query);
    }
    const unsigned version = message.version();
    const bool client_keeps_alive = message.keep_alive();
    HttpResponse response = server_.Handle(request);
    ++answered_;
    const bool keep_alive = client_keeps_alive && !server_.stopping() &&
                            answered_ < options().max_requests_per_connection;
    Write(std::move(response), version, keep_alive, /*linger=*/false);
  }

  // Refuses the request being read and closes the connection.
  void Refuse(HttpRefusal refusal, int status, std::string message) {
    server_.Refused(refusal);
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    Write(JsonError(status, message), version, /*keep_alive=*/false, /*linger=*/true);
  }

  void Fail(const beast::error_code& ec) {
    if (timed_out_) {
      server_.Refused(HttpRefusal::kTimedOut);
      return Close();
    }
    if (ec == http::error::body_limit) {
      return Refuse(HttpRefusal::kBodyTooLarge, 413,
                    absl::StrCat("body larger than the ", ByteSize(options().max_body_bytes),
                                 " limit"));
    }
    if (ec == http::error::header_limit) {
      return Refuse(HttpRefusal::kHeadersTooLarge, 431,
                    absl::StrCat("headers larger than the ", ByteSize(options().max_header_bytes),
                                 " limit"));
    }
    // A request cut short by the client (end of stream) is no parse error.
    if (IsHttpParseError(ec) && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      return Refuse(HttpRefusal::kMalformed, 400,
                    absl::StrCat("malformed HTTP request: ", ec.message()));
    }
    Close();  // reset, stopping, or gone mid-request
  }

  void Write(HttpResponse response, unsigned version, bool keep_alive, bool linger) {
    auto message = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version);
    message->set(http::field::content_type, response.content_type);
    if (!response.allow.empty()) message->set(http::field::allow, response.allow);
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive);
    message->prepare_payload();
    Arm(options().request_timeout);
    http::async_write(socket_, *message, [self = shared_from_this(), message, keep_alive, linger](
                                             beast::error_code ec, size_t) {
      self->answering_ = false;
      if (ec && self->timed_out_) self->server_.Refused(HttpRefusal::kTimedOut);
      if (ec) return self->Close();
      if (linger) return self->Linger();
      if (!keep_alive || self->server_.stopping()) return self->Close();
      self->parser_.reset();
      self->WaitForRequest();
    });
  }

  // Half-closes, then reads and drops what the client still sends for a
  // moment: it then sees the answer rather than a reset.
  void Linger() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    Arm(kLingerTime);
    Drain();
  }
  void Drain() {
    buffer_.clear();
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  HttpServer::Impl& server_;
  Lane& lane_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_addr_;
  Clock::time_point deadline_ = Clock::time_point::max();
  size_t answered_ = 0;
  bool answering_ = false;  // the handler runs or its answer is written
  bool timed_out_ = false;
};

absl::StatusOr<tcp::endpoint> HttpServer::Impl::Endpoint() {
  const auto port = static_cast<unsigned short>(options_.port);
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (!ec) return tcp::endpoint(address, port);
  tcp::resolver resolver(accept_context_);
  auto results = resolver.resolve(options_.host, std::to_string(port), ec);
  if (ec || results.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.host, ":",
                                               options_.port, ": unknown host"));
  }
  return results.begin()->endpoint();
}

absl::StatusOr<int> HttpServer::Impl::Start() {
  if (started_.exchange(true)) {
    return absl::FailedPreconditionError("the HTTP server was started before");
  }
  absl::StatusOr<tcp::endpoint> endpoint = Endpoint();
  if (!endpoint.ok()) return endpoint.status();
  beast::error_code ec;
  acceptor_.open(endpoint->protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(*endpoint, ec);
  // A burst of connections (LiveChat delivering many webhooks at once) must
  // not have SYNs dropped: the longest backlog the system allows.
  if (!ec) acceptor_.listen(SOMAXCONN, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.host, ":",
                                               options_.port, ": ", ec.message()));
  }
  const int port = acceptor_.local_endpoint().port();
  for (auto& lane : lanes_) {
    keep_running_.emplace_back(lane->context.get_executor());
    Sweep(*lane);
    threads_.emplace_back([&context = lane->context] { context.run(); });
  }
  Accept();
  threads_.emplace_back([this] { accept_context_.run(); });
  return port;
}

void HttpServer::Impl::Sweep(Lane& lane) {
  lane.sweep.expires_after(sweep_period_);
  lane.sweep.async_wait([this, &lane](beast::error_code ec) {
    if (ec || stopping()) return;
    const Clock::time_point now = Clock::now();
    for (HttpConnection* connection : lane.connections) connection->CheckDeadline(now);
    Sweep(lane);
  });
}

void HttpServer::Impl::Accept() {
  Lane& lane = *lanes_[next_lane_++ % lanes_.size()];
  acceptor_.async_accept(lane.context.get_executor(),
                         [this, &lane](beast::error_code ec, tcp::socket socket) {
                           OnAccept(ec, std::move(socket), lane);
                         });
}

void HttpServer::Impl::OnAccept(const beast::error_code& ec, tcp::socket socket, Lane& lane) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of file descriptors, say: try again shortly rather than spin.
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](beast::error_code wait) {
      if (!wait && acceptor_.is_open()) Accept();
    });
    return;
  }
  if (open_.load(std::memory_order_relaxed) >= options_.max_connections) {
    Refused(HttpRefusal::kOverConnectionLimit);
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    open_.fetch_add(1, std::memory_order_relaxed);
    beast::error_code ignored;
    // Small answers must not wait for Nagle.
    socket.set_option(tcp::no_delay(true), ignored);
    auto connection = std::make_shared<HttpConnection>(*this, lane, std::move(socket));
    asio::post(lane.context, [connection] { connection->Start(); });
  }
  Accept();
}

void HttpServer::Impl::Stop() {
  if (!started_.load() || stopping_.exchange(true)) return;
  asio::post(accept_context_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
  });
  for (auto& lane : lanes_) {
    asio::post(lane->context, [&lane = *lane] {
      lane.sweep.cancel();
      // Stop may end a connection: iterate over a copy.
      std::vector<HttpConnection*> open(lane.connections.begin(), lane.connections.end());
      for (HttpConnection* connection : open) connection->Stop();
    });
  }
  keep_running_.clear();
  // Each thread returns once its lane has no connection left.
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler,
                       HttpRefusalObserver observer)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(observer))) {}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<int> HttpServer::Start() { return impl_->Start(); }
void HttpServer::Stop() { impl_->Stop(); }
size_t HttpServer::open_connections() const { return impl_->open_connections(); }

}  // namespace hitl

#include "tests/support/raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"

namespace hitl::testing {

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(other.fd_), closed_(other.closed_), received_(std::move(other.received_)) {
  other.fd_ = -1;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool RawConnection::ReadSome(absl::Duration wait) {
  if (closed_ || fd_ < 0) return false;
  pollfd ready{.fd = fd_, .events = POLLIN, .revents = 0};
  int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(wait));
  if (::poll(&ready, 1, timeout_ms) <= 0) return true;
  char chunk[16384];
  ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  received_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool RawConnection::ClosedByPeer(absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  do {
    if (!ReadSome(std::max(absl::ZeroDuration(), deadline - absl::Now()))) return true;
  } while (absl::Now() < deadline);
  return closed_;
}

std::optional<std::string> RawConnection::ReadUntilClosed(absl::Duration timeout) {
  if (!ClosedByPeer(timeout)) return std::nullopt;
  return received_;
}

std::string RawConnection::ReadUntil(const std::string& marker, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!absl::StrContains(received_, marker)) {
    if (absl::Now() >= deadline) return "";
    if (!ReadSome(std::min(absl::Milliseconds(100), deadline - absl::Now()))) break;
  }
  return received_;
}

int HttpStatusOf(const std::string& bytes) {
  // "HTTP/1.1 413 Payload Too Large"
  if (!absl::StartsWith(bytes, "HTTP/1.") || bytes.size() < 12) return 0;
  int status = 0;
  return absl::SimpleAtoi(bytes.substr(9, 3), &status) ? status : 0;
}

}  // namespace hitl::testing

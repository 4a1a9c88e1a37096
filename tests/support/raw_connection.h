// A plain TCP connection to a loopback port, for tests that must send what no
// HTTP client library would: a request dripped byte by byte, half a request,
// a malformed chunk header, nothing at all.
//
// Not thread-safe.
#pragma once

#include <optional>
#include <string>

#include "absl/time/time.h"

namespace hitl::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; check connected().
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False once the peer closed or reset the connection.
  bool Send(const std::string& bytes);
  // True if the peer has closed (or reset) the connection, waiting up to
  // `wait` for that; bytes it sent before are kept for ReadAll.
  bool ClosedByPeer(absl::Duration wait = absl::ZeroDuration());
  // What the peer sent until it closed, or until `timeout` (nullopt then).
  std::optional<std::string> ReadUntilClosed(absl::Duration timeout = absl::Seconds(10));
  // What the peer sent until `bytes` contains `marker` (or it closed, or
  // `timeout`); empty on timeout.
  std::string ReadUntil(const std::string& marker, absl::Duration timeout = absl::Seconds(10));

 private:
  // Reads what is available within `wait`; false once the peer closed.
  bool ReadSome(absl::Duration wait);

  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

// The status code of the first HTTP response in `bytes`, 0 if none.
int HttpStatusOf(const std::string& bytes);

}  // namespace hitl::testing

#include "server/common/http_listen.h"

#include <httplib.h>
#include <sys/socket.h>

#include <memory>

namespace hitl {

int BindWithBacklog(httplib::Server& server, const std::string& host, int port) {
  // httplib hands the socket to this hook before bind(); keep its default
  // option (SO_REUSEADDR) and remember the socket to listen again below.
  auto bound = std::make_shared<int>(-1);
  server.set_socket_options([bound](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *bound = sock;
  });
  int result = port == 0 ? server.bind_to_any_port(host)
                         : (server.bind_to_port(host, port) ? port : -1);
  // listen() on a listening socket only changes its backlog.
  if (result > 0 && *bound >= 0) ::listen(*bound, SOMAXCONN);
  return result;
}

}  // namespace hitl

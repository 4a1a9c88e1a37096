// Listening with cpp-httplib 0.11 without its small fixed accept backlog (5):
// a burst of connections (LiveChat delivering many webhooks at once) would
// otherwise have SYNs dropped and retried a second later.
#pragma once

#include <string>

namespace httplib {
class Server;
}

namespace hitl {

// Binds `server` to host:port (0: any free port) with a backlog of
// SOMAXCONN. Returns the bound port, or -1.
int BindWithBacklog(httplib::Server& server, const std::string& host, int port);

}  // namespace hitl

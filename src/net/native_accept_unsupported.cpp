// Platforms without epoll_connection.cpp: the listeners use Asio's sockets.
#include <cerrno>

#include "net/native_accept.hpp"

namespace cairn::net {

bool native_connections_supported() {
    return false;
}

int accept_native(boost::asio::io_context&, std::intptr_t, bool, const std::string&, size_t,
                  const AcceptCallback&) {
    return ENOSYS;
}

}  // namespace cairn::net

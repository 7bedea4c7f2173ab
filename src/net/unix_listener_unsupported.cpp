// Builds whose Asio has no local sockets (Windows): `unixsocket` is refused clearly.
#include "net/listener.hpp"

namespace cairn::net {

std::unique_ptr<Listener> listen_unix(boost::asio::io_context&, const std::string&, int, int,
                                      std::string& err) {
    err = "Unix sockets are not supported on this platform";
    return nullptr;
}

}  // namespace cairn::net

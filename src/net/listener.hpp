// Listening sockets: TCP for every `bind` address, and a Unix socket where supported.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/connection.hpp"

namespace boost::asio {
class io_context;
}

namespace cairn::net {

using AcceptCallback = std::function<void(std::unique_ptr<Connection>)>;

class Listener {
public:
    virtual ~Listener() = default;
    virtual void start(AcceptCallback cb) = 0;
    virtual void close() = 0;
    virtual std::string description() const = 0;  // "127.0.0.1:6379", "/tmp/cairn.sock"
    // tcp-keepalive for the connections accepted from now on, where accepted sockets inherit
    // the listener's options (platform::accepted_sockets_inherit_tcp_options); elsewhere, and
    // for Unix sockets, a no-op: the server sets it on each accepted connection.
    virtual bool set_tcp_keepalive(int /*seconds*/, std::string& /*err*/) { return true; }
};

struct ListenResult {
    std::vector<std::unique_ptr<Listener>> listeners;
    std::vector<std::string> warnings;  // optional ('-') addresses that were skipped
    std::string error;                  // set when listening failed
};

// One listener per address in `bind` (a '-' prefix marks an optional address that is
// skipped if it is not available on this host), like Redis's listenToPort.
ListenResult listen_tcp(boost::asio::io_context& io, const std::vector<std::string>& bind, int port,
                        int backlog);

std::unique_ptr<Listener> listen_unix(boost::asio::io_context& io, const std::string& path,
                                      int backlog, int perm, std::string& err);

// True when the address is a loopback one ("127.x.x.x", "::1", unix socket).
bool is_loopback_address(const std::string& host);

}  // namespace cairn::net

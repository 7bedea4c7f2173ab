// Unix domain socket listener (POSIX builds only; CMake picks unix_listener_unsupported.cpp
// where Asio has no local sockets).
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>

#include "net/connection_impl.hpp"
#include "net/listener.hpp"
#include "net/native_accept.hpp"
#include "platform/platform.hpp"

namespace cairn::net {

namespace asio = boost::asio;

namespace {

using UnixSocket =
    asio::basic_stream_socket<asio::local::stream_protocol, asio::io_context::executor_type>;
using UnixAcceptor =
    asio::basic_socket_acceptor<asio::local::stream_protocol, asio::io_context::executor_type>;

class UnixListener final : public Listener {
public:
    UnixListener(asio::io_context& io, UnixAcceptor acceptor, std::string path)
        : io_(io), acceptor_(std::move(acceptor)), retry_(io), path_(std::move(path)) {
        boost::system::error_code ec;
        if (native_connections_supported()) acceptor_.non_blocking(true, ec);
    }

    void start(AcceptCallback cb) override {
        cb_ = std::move(cb);
        accept_next();
    }
    void close() override {
        boost::system::error_code ec;
        acceptor_.close(ec);
        retry_.cancel();
        std::remove(path_.c_str());
    }
    std::string description() const override { return path_; }

private:
    void accept_next() {
        if (native_connections_supported()) {
            accept_natively(io_, acceptor_, retry_, true, path_, cb_);
            return;
        }
        acceptor_.async_accept([this](const boost::system::error_code& ec, UnixSocket s) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
            if (!ec) {
                cb_(std::make_unique<StreamConnection<UnixSocket>>(std::move(s), path_, true,
                                                                   true));
            }
            accept_next();
        });
    }

    asio::io_context& io_;
    UnixAcceptor acceptor_;
    asio::steady_timer retry_;
    std::string path_;
    AcceptCallback cb_;
};

}  // namespace

std::unique_ptr<Listener> listen_unix(asio::io_context& io, const std::string& path, int backlog,
                                      int perm, std::string& err) {
    std::remove(path.c_str());  // a stale socket file from an earlier run
    boost::system::error_code ec;
    UnixAcceptor acceptor(io);
    asio::local::stream_protocol::endpoint ep(path);
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(backlog, ec);
    if (ec) {
        err = "Failed opening Unix socket: " + ec.message();
        return nullptr;
    }
    if (perm != 0 && !platform::set_file_mode(path, perm, err)) return nullptr;
    return std::make_unique<UnixListener>(io, std::move(acceptor), path);
}

}  // namespace cairn::net

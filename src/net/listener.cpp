#include "net/listener.hpp"

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "net/connection_impl.hpp"
#include "net/native_accept.hpp"
#include "platform/platform.hpp"

namespace cairn::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

class TcpListener final : public Listener {
public:
    TcpListener(asio::io_context& io, TcpAcceptor acceptor, std::string desc)
        : io_(io), acceptor_(std::move(acceptor)), retry_(io), desc_(std::move(desc)) {
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
    }
    std::string description() const override { return desc_; }
    bool set_tcp_keepalive(int seconds, std::string& err) override {
        if (!platform::accepted_sockets_inherit_tcp_options()) return true;
        return platform::set_tcp_keepalive(static_cast<std::intptr_t>(acceptor_.native_handle()),
                                           seconds, err);
    }

private:
    void accept_next() {
        if (native_connections_supported()) {
            accept_natively(io_, acceptor_, retry_, false, no_path_, cb_);
            return;
        }
        // The peer's address comes with the accept: no getpeername() per connection.
        acceptor_.async_accept(peer_, [this](const boost::system::error_code& ec, TcpSocket s) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
            if (ec) {
                retry_later();
                return;
            }
            boost::system::error_code ignored;
            if (!platform::accepted_sockets_inherit_tcp_options()) {
                s.set_option(tcp::no_delay(true), ignored);
            }
            bool loopback = peer_.address().is_loopback();
            cb_(std::make_unique<StreamConnection<TcpSocket>>(std::move(s), std::string(), false,
                                                              loopback));
            accept_next();
        });
    }

    void retry_later() {
        retry_.expires_after(kAcceptRetryDelay);
        retry_.async_wait([this](const boost::system::error_code& e) {
            if (!e) accept_next();
        });
    }

    asio::io_context& io_;
    TcpAcceptor acceptor_;
    tcp::endpoint peer_;         // filled by each accept
    const std::string no_path_;  // accept_natively's unix_path (TCP: none)
    asio::steady_timer retry_;
    std::string desc_;
    AcceptCallback cb_;
};

// Errors that make an optional ('-') address skippable, as in Redis's listenToPort.
bool unavailable_address(const boost::system::error_code& ec) {
    namespace errc = boost::system::errc;
    return ec == errc::address_not_available || ec == errc::address_family_not_supported ||
           ec == errc::protocol_not_supported || ec == errc::no_protocol_option ||
           ec == errc::operation_not_supported;
}

}  // namespace

ListenResult listen_tcp(asio::io_context& io, const std::vector<std::string>& bind, int port,
                        int backlog) {
    ListenResult result;
    for (const std::string& entry : bind) {
        bool optional = !entry.empty() && entry[0] == '-';
        std::string host = optional ? entry.substr(1) : entry;
        // Redis's wildcards: "*" every IPv4 address, "::*" every IPv6 address.
        if (host == "*") host = "0.0.0.0";
        if (host == "::*") host = "::";
        boost::system::error_code ec;
        asio::ip::address addr = asio::ip::make_address(host, ec);
        std::string where = host + ":" + std::to_string(port);
        if (ec) {
            result.error =
                "Could not create server TCP listening socket " + where + ": " + ec.message();
            result.listeners.clear();
            return result;
        }
        tcp::endpoint ep(addr, static_cast<unsigned short>(port));
        TcpAcceptor acceptor(io);
        acceptor.open(ep.protocol(), ec);
        if (!ec && addr.is_v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
        if (!ec) acceptor.set_option(TcpAcceptor::reuse_address(true), ec);
        if (!ec) acceptor.bind(ep, ec);
        if (!ec) acceptor.listen(backlog, ec);
        // Set once here rather than on every accepted connection, where they are inherited.
        if (!ec && platform::accepted_sockets_inherit_tcp_options()) {
            acceptor.set_option(tcp::no_delay(true), ec);
        }
        if (ec) {
            if (optional && unavailable_address(ec)) {
                result.warnings.push_back("Skipping optional address " + where + ": " +
                                          ec.message());
                continue;
            }
            result.error =
                "Could not create server TCP listening socket " + where + ": " + ec.message();
            result.listeners.clear();
            return result;
        }
        result.listeners.push_back(std::make_unique<TcpListener>(io, std::move(acceptor), where));
    }
    return result;
}

bool is_loopback_address(const std::string& host) {
    boost::system::error_code ec;
    asio::ip::address a = asio::ip::make_address(host, ec);
    return !ec && a.is_loopback();
}

}  // namespace cairn::net

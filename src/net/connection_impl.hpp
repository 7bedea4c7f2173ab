// Asio-backed Connection for any stream socket type (TCP or Unix). Only net/*.cpp include it.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <span>
#include <string>
#include <type_traits>

#include "net/connection.hpp"

namespace cairn::net {

// Sockets bound to the io_context's own executor type rather than the type-erased
// any_io_executor: smaller sockets and smaller pending operations per connection.
using TcpSocket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
using TcpAcceptor = boost::asio::basic_socket_acceptor<boost::asio::ip::tcp,
                                                       boost::asio::io_context::executor_type>;

// Redis's anetFormatAddr: "ip:port", IPv6 addresses in brackets.
inline std::string format_endpoint(const boost::asio::ip::tcp::endpoint& ep) {
    std::string ip = ep.address().to_string();
    if (ip.find(':') != std::string::npos) ip = "[" + ip + "]";
    return ip + ":" + std::to_string(ep.port());
}

template <class Socket>
class StreamConnection final : public Connection {
public:
    // unix_path: the listening socket's path (Unix sockets only; Redis shows "path:0").
    StreamConnection(Socket socket, std::string unix_path, bool unix_socket, bool peer_local)
        : socket_(std::move(socket)), unix_(unix_socket) {
        if constexpr (!kTcp) unix_addr_ = std::move(unix_path) + ":0";
        peer_local_ = peer_local;
        boost::system::error_code ec;
        socket_.non_blocking(true, ec);
    }

    void start_read(std::shared_ptr<ConnectionHandler> h, char* buf, size_t len) override {
        if (buf == nullptr) {
            buf = peek_;
            len = kPeekSize;
        }
        socket_.async_read_some(
            boost::asio::buffer(buf, len),
            [buf, h = std::move(h)](const boost::system::error_code& ec, size_t n) {
                h->on_read(to_result(ec, n), buf);
            });
    }

    void cancel() override {
        boost::system::error_code ec;
        socket_.cancel(ec);
    }

    IoResult read_some(char* buf, size_t len) override {
        boost::system::error_code ec;
        size_t n = socket_.read_some(boost::asio::buffer(buf, len), ec);
        return to_result(ec, n);
    }

    IoResult write_some(const ConstSpan* spans, size_t count) override {
        std::array<boost::asio::const_buffer, kMaxSpans> bufs;
        count = std::min(count, kMaxSpans);
        for (size_t i = 0; i < count; i++)
            bufs[i] = boost::asio::const_buffer(spans[i].data, spans[i].len);
        boost::system::error_code ec;
        size_t n =
            socket_.write_some(std::span<const boost::asio::const_buffer>(bufs.data(), count), ec);
        return to_result(ec, n);
    }

    void wait_writable(std::shared_ptr<ConnectionHandler> h) override {
        socket_.async_wait(
            Socket::wait_write,
            [h = std::move(h)](const boost::system::error_code& ec) { h->on_writable(!ec); });
    }

    void close() override {
        boost::system::error_code ec;
        socket_.close(ec);
    }

    bool is_unix() const override { return unix_; }

    std::string peer_address() const override {
        if constexpr (kTcp) {
            boost::system::error_code ec;
            auto ep = socket_.remote_endpoint(ec);
            return ec ? std::string("?:0") : format_endpoint(ep);
        } else {
            return unix_addr_;
        }
    }

    std::string local_address() const override {
        if constexpr (kTcp) {
            boost::system::error_code ec;
            auto ep = socket_.local_endpoint(ec);
            return ec ? std::string("?:0") : format_endpoint(ep);
        } else {
            return unix_addr_;  // Redis prints the socket path for both ends
        }
    }
    std::intptr_t native_handle() const override {
        return static_cast<std::intptr_t>(const_cast<Socket&>(socket_).native_handle());
    }

    Socket& socket() { return socket_; }

private:
    static constexpr size_t kMaxSpans = 16;

    static IoResult to_result(const boost::system::error_code& ec, size_t n) {
        IoResult r;
        if (!ec) {
            r.bytes = n;
        } else if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
            r.status = IoStatus::WouldBlock;
        } else if (ec == boost::asio::error::eof) {
            r.status = IoStatus::Eof;
        } else if (ec == boost::asio::error::operation_aborted) {
            r.status = IoStatus::Error;
            r.cancelled = true;
            r.error = ec.message();
        } else {
            r.status = IoStatus::Error;
            r.error = ec.message();
        }
        return r;
    }

    static constexpr bool kTcp =
        std::is_same_v<typename Socket::protocol_type, boost::asio::ip::tcp>;
    struct NoAddress {};

    Socket socket_;
    // Only Unix connections keep an address string; TCP ones ask the socket.
    [[no_unique_address]] std::conditional_t<kTcp, NoAddress, std::string> unix_addr_;
    bool unix_;
    char peek_[kPeekSize];
};

}  // namespace cairn::net

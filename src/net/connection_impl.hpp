// Asio-backed Connection for any stream socket type (TCP or Unix). Only net/*.cpp include it.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <span>

#include "net/connection.hpp"

namespace cairn::net {

template <class Socket>
class StreamConnection final : public Connection {
public:
    StreamConnection(Socket socket, std::string peer, std::string local, bool unix_socket,
                     bool peer_local)
        : socket_(std::move(socket)), unix_(unix_socket) {
        peer_ = std::move(peer);
        local_ = std::move(local);
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

    Socket socket_;
    bool unix_;
    char peek_[kPeekSize];
};

}  // namespace cairn::net

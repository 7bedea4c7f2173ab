// Connections the net layer drives itself, without Asio's per-socket reactor, where the OS
// allows it (Linux: epoll_connection.cpp; elsewhere native_accept_unsupported.cpp says no and
// the listeners use Asio's sockets).
//
// Why: Asio 1.74's reactor tries every asynchronous read at once, so each request costs a
// recv() that fails with EAGAIN besides the one that reads it, and every accepted socket costs
// an ioctl() and an EPOLL_CTL_DEL. Here each accepted socket is added once to one epoll set
// (edge-triggered, reads and writes), the set is the event loop's blocking wait (event_loop.hpp),
// and a readiness event is remembered until the connection asks to read: per request one
// recv() and one send(), per connection accept4() + EPOLL_CTL_ADD + close(), as Redis does.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "net/listener.hpp"

namespace cairn::net {

// Accept errors such as EMFILE must not spin: a listener waits this long before accepting again.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
// Connections accepted per readiness of a listening socket (Redis's MAX_ACCEPTS_PER_CALL).
constexpr size_t kMaxAcceptsPerCall = 1000;

bool native_connections_supported();

// Accepts up to `max` pending connections from the non-blocking listening socket and passes
// each to cb. unix_path: the listening path for Unix sockets (empty for TCP). Returns 0 when
// the queue was drained (or max reached), else the errno of the accept that failed.
int accept_native(boost::asio::io_context& io, std::intptr_t listen_fd, bool unix_socket,
                  const std::string& unix_path, size_t max, const AcceptCallback& cb);

// A listener's accept loop on native connections: each time the (non-blocking) acceptor is
// readable, accept_native up to kMaxAcceptsPerCall, until the acceptor is closed; after an
// accept error, `retry` waits kAcceptRetryDelay first. The arguments must outlive the loop
// (they are the listener's members; closing the acceptor ends it).
template <class Acceptor>
void accept_natively(boost::asio::io_context& io, Acceptor& acceptor,
                     boost::asio::steady_timer& retry, bool unix_socket,
                     const std::string& unix_path, const AcceptCallback& cb) {
    auto again = [io = &io, acceptor = &acceptor, retry = &retry, unix_socket, path = &unix_path,
                  cb = &cb] { accept_natively(*io, *acceptor, *retry, unix_socket, *path, *cb); };
    acceptor.async_wait(
        Acceptor::wait_read, [again, io = &io, acceptor = &acceptor, retry = &retry, unix_socket,
                              path = &unix_path, cb = &cb](const boost::system::error_code& ec) {
            if (ec == boost::asio::error::operation_aborted || !acceptor->is_open()) return;
            int err = ec ? ec.value()
                         : accept_native(*io, static_cast<std::intptr_t>(acceptor->native_handle()),
                                         unix_socket, *path, kMaxAcceptsPerCall, *cb);
            if (!acceptor->is_open()) return;
            if (err == 0) {
                again();
                return;
            }
            retry->expires_after(kAcceptRetryDelay);
            retry->async_wait([again](const boost::system::error_code& e) {
                if (!e) again();
            });
        });
}

}  // namespace cairn::net

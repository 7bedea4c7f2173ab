// Linux: what both native loops (epoll_connection.cpp, uring_connection.cpp) do with a
// connected socket's descriptor by plain system calls, and the accept loop they share.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "net/connection.hpp"
#include "net/listener.hpp"  // AcceptCallback

namespace cairn::net {

IoResult error_result(int err);
// What a cancelled start_read / wait_writable completes with.
IoResult cancelled_result();

// One non-blocking recv: bytes (a short count: the socket is drained), Eof, WouldBlock, Error.
IoResult socket_read(int fd, char* buf, size_t len);
// One non-blocking gather send of the first kMaxWriteSpans spans (send() for one span).
constexpr size_t kMaxWriteSpans = 16;
IoResult socket_write(int fd, const ConstSpan* spans, size_t count);

// "ip:port" of the socket's peer (peer) or of its own end, as Redis prints them; "?:0" when
// the socket cannot tell (closed, or reset).
std::string socket_address(int fd, bool peer);

// Accepts up to `max` pending connections from the non-blocking listening socket: each new
// descriptor goes to make(fd, peer_local), whose connection (nullptr: it could not be set up,
// and make closed the descriptor) goes to cb. Returns 0 when the queue was drained (or max
// reached), else the errno of the accept that failed (native_accept.hpp's accept_native).
using MakeConnection = std::function<std::unique_ptr<Connection>(int fd, bool peer_local)>;
int accept_connections(int listen_fd, bool unix_socket, size_t max, const MakeConnection& make,
                       const AcceptCallback& cb);

}  // namespace cairn::net

// Connections the net layer drives itself, without Asio's per-socket reactor, where the OS
// allows it (Linux: epoll_connection.cpp; elsewhere native_accept_unsupported.cpp says no and
// the listeners use Asio's sockets).
//
// Why: Asio 1.74's reactor tries every asynchronous read at once, so each request costs a
// recv() that fails with EAGAIN besides the one that reads it, and every accepted socket costs
// an ioctl() and an EPOLL_CTL_DEL. Here each accepted socket is added once to one epoll set
// (edge-triggered, reads and writes), the set itself is waited on through Asio, and a
// readiness event is remembered until the connection asks to read: per request one recv() and
// one sendmsg(), per connection accept4() + EPOLL_CTL_ADD + close(), as Redis does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "net/listener.hpp"

namespace cairn::net {

bool native_connections_supported();

// Accepts up to `max` pending connections from the non-blocking listening socket and passes
// each to cb. unix_path: the listening path for Unix sockets (empty for TCP). Returns 0 when
// the queue was drained (or max reached), else the errno of the accept that failed.
int accept_native(boost::asio::io_context& io, std::intptr_t listen_fd, bool unix_socket,
                  const std::string& unix_path, size_t max, const AcceptCallback& cb);

}  // namespace cairn::net

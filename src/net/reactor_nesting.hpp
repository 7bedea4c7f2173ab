// Linux: how the net layer finds Asio's own epoll set, which Asio 1.74 does not expose, so that
// the loop's one blocking wait (an epoll set or an io_uring) can include it (event_loop.hpp).
#pragma once

namespace cairn::net {

// The epoll set that watches `fd` (a pollable descriptor of this process registered in exactly
// one epoll set), or -1: the eventpoll descriptor whose /proc/self/fdinfo lists `fd` as a
// target ("tfd: <fd> events: ...", Linux 3.8+).
int find_watching_epoll_set(int fd);

}  // namespace cairn::net

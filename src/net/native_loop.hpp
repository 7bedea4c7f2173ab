// Linux: the event loop the net layer runs itself (event_loop.hpp, native_accept.hpp), behind
// one interface with two implementations: an epoll set (epoll_connection.cpp) and an io_uring
// (uring_connection.cpp). linux_loop.cpp picks one per io_context: io_uring where it was
// built in and the kernel allows it, unless CAIRN_EVENT_API=epoll says otherwise.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/event_loop.hpp"
#include "net/listener.hpp"  // AcceptCallback

namespace cairn::net {

class NativeLoop : public PostNotes {
public:
    // event_loop.hpp's run_event_loop and poll_events.
    virtual void run() = 0;
    virtual void poll_now() = 0;
    // native_accept.hpp's accept_native.
    virtual int accept(std::intptr_t listen_fd, bool unix_socket, const std::string& unix_path,
                       size_t max, const AcceptCallback& cb) = 0;
    // What INFO's multiplexing_api says: "epoll" or "io_uring".
    virtual std::string_view api() const = 0;

protected:
    ~NativeLoop() = default;
};

NativeLoop& epoll_loop(boost::asio::io_context& io);
// nullptr where the io_uring loop cannot run: not built in, refused by the kernel (before
// Linux 6.1, or io_uring disabled by sysctl or seccomp), CAIRN_EVENT_API=epoll in the
// environment, or Asio's epoll set could not be nested in it.
NativeLoop* uring_loop(boost::asio::io_context& io);
// Whether uring_loop would get past the kernel (it may still fail without /proc).
bool uring_usable();

}  // namespace cairn::net

// Linux: the event loop the net layer runs itself (event_loop.hpp, native_accept.hpp), behind
// one interface with two implementations: an epoll set (epoll_connection.cpp) and an io_uring
// (uring_connection.cpp). linux_loop.cpp picks one per io_context: io_uring where it was
// built in and the kernel allows it, unless CAIRN_EVENT_API=epoll says otherwise.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/event_loop.hpp"
#include "net/listener.hpp"  // AcceptCallback

namespace cairn::net {

// Both loops' share of a turn for Asio: its ready handlers and what its own epoll set has
// ready, for a bounded time (linux_loop.cpp says how long and why). Returns true when cut
// short: Asio is still due.
bool poll_asio_bounded(boost::asio::io_context& io);

class NativeLoop : public PostNotes {
public:
    explicit NativeLoop(boost::asio::io_context& io) : io_(io) {}

    // event_loop.hpp's run_event_loop and poll_events.
    virtual void run() = 0;
    virtual void poll_now() = 0;
    // native_accept.hpp's accept_native.
    virtual int accept(std::intptr_t listen_fd, bool unix_socket, const std::string& unix_path,
                       size_t max, const AcceptCallback& cb) = 0;
    // What INFO's multiplexing_api says: "epoll" or "io_uring".
    virtual std::string_view api() const = 0;

    void note_posted() override { asio_due_ = true; }

    // A connection's completion, on a later turn of the loop.
    template <class Handler>
    void post(Handler&& handler) {
        boost::asio::post(io_, std::forward<Handler>(handler));
        note_posted();
    }

protected:
    ~NativeLoop() = default;

    // Asio's share of a turn (poll_asio_bounded); still due when cut short.
    void poll_asio() {
        asio_due_ = false;
        if (poll_asio_bounded(io_)) asio_due_ = true;
    }

    boost::asio::io_context& io_;
    bool asio_due_ = true;  // Asio has (or may have) something to run: poll it
};

NativeLoop& epoll_loop(boost::asio::io_context& io);
// nullptr where the io_uring loop cannot run: not built in, refused by the kernel (before
// Linux 6.1, or io_uring disabled by sysctl or seccomp), CAIRN_EVENT_API=epoll in the
// environment, or Asio's epoll set could not be nested in it.
NativeLoop* uring_loop(boost::asio::io_context& io);
// Whether uring_loop would get past the kernel (it may still fail without /proc).
bool uring_usable();

}  // namespace cairn::net

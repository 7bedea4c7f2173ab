// Platforms without epoll_connection.cpp: the listeners use Asio's sockets, and the event loop
// is the io_context's.
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <cerrno>

#include "net/event_loop.hpp"
#include "net/native_accept.hpp"
#include "platform/platform.hpp"

namespace cairn::net {

bool native_connections_supported() {
    return false;
}

int accept_native(boost::asio::io_context&, std::intptr_t, bool, const std::string&, size_t,
                  const AcceptCallback&) {
    return ENOSYS;
}

void run_event_loop(boost::asio::io_context& io) {
    io.run();
}

void poll_events(boost::asio::io_context& io) {
    io.poll();
}

std::string_view multiplexing_api(boost::asio::io_context&) {
    return platform::event_backend();
}

std::string_view default_multiplexing_api() {
    return platform::event_backend();
}

PostNotes& post_notes(boost::asio::io_context&) {
    // Asio's run() sees every post.
    class Unneeded final : public PostNotes {
    public:
        void note_posted() override {}
    };
    static Unneeded unneeded;
    return unneeded;
}

}  // namespace cairn::net

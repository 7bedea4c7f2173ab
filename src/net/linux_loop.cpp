// Linux: event_loop.hpp and native_accept.hpp on the loop chosen for the io_context
// (native_loop.hpp): io_uring where it runs, else the epoll set.
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>

#include "net/native_accept.hpp"
#include "net/native_loop.hpp"

namespace cairn::net {

namespace asio = boost::asio;

namespace {

// The choice, made once per io_context (as an Asio service, it lives as long as the
// io_context; the chosen loop is a service created before it, so it outlives it).
class LoopChoice final : public asio::execution_context::service {
public:
    static asio::execution_context::id id;

    explicit LoopChoice(asio::io_context& io) : asio::execution_context::service(io) {
        loop_ = uring_loop(io);
        if (loop_ == nullptr) loop_ = &epoll_loop(io);
    }

    NativeLoop& loop() { return *loop_; }

private:
    void shutdown() override {}

    NativeLoop* loop_ = nullptr;
};

asio::execution_context::id LoopChoice::id;

NativeLoop& loop_of(asio::io_context& io) {
    return asio::use_service<LoopChoice>(io).loop();
}

// Asio's share of a turn: at most this many handlers or this long (a loading step, about
// loading-process-events-interval-bytes of a file, is one handler). Short, because a client's
// command waits for it: a paced BGSAVE posts 10 us slices one after the other, and with 1 ms
// here GET's p99 during a save went from 158 us to 2.5-2.9 ms (25x the idle p99;
// bench/persistence_compare.py), 220 us with 50 us, 128 us (1.3x) with 20 us; Asio's run() had
// let the clients in after every slice. A turn costs one epoll_wait(0) more per 20 us of
// handlers: Pub/Sub fan-out (a flush posted per receiver) did not slow down.
constexpr size_t kMaxHandlersPerTurn = 64;
constexpr auto kAsioTurn = std::chrono::microseconds(20);

}  // namespace

// A handler that posts its own continuation (loading, a paced save) must leave turns to the
// clients, as Asio's run() alternated it with its wait.
bool poll_asio_bounded(asio::io_context& io) {
    const auto start = std::chrono::steady_clock::now();
    for (size_t ran = 1; io.poll_one() > 0; ran++) {
        if (ran >= kMaxHandlersPerTurn || std::chrono::steady_clock::now() - start >= kAsioTurn) {
            return true;
        }
    }
    return false;
}

void run_event_loop(asio::io_context& io) {
    loop_of(io).run();
}

void poll_events(asio::io_context& io) {
    loop_of(io).poll_now();
}

PostNotes& post_notes(asio::io_context& io) {
    return loop_of(io);
}

std::string_view multiplexing_api(asio::io_context& io) {
    return loop_of(io).api();
}

std::string_view default_multiplexing_api() {
    return uring_usable() ? "io_uring" : "epoll";
}

bool native_connections_supported() {
    return true;
}

int accept_native(asio::io_context& io, std::intptr_t listen_fd, bool unix_socket,
                  const std::string& unix_path, size_t max, const AcceptCallback& cb) {
    return loop_of(io).accept(listen_fd, unix_socket, unix_path, max, cb);
}

}  // namespace cairn::net

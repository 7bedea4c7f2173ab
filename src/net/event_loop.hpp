// How the server's event loop turns. Everywhere, it is the io_context's run(); on Linux, where
// the net layer drives accepted connections on its own epoll set (native_accept.hpp), that set
// is the loop's one blocking wait and Asio's own epoll set (timers, signals, listeners) is
// nested in it. Why: waited on the other way round (the connection set inside Asio's), every
// turn cost Asio's wait, an EPOLL_CTL_MOD to wait again (Asio 1.74 re-arms a descriptor on each
// async_wait) and this set's epoll_wait; a turn is now this set's epoll_wait alone, as in
// Redis. Asio is polled (its ready handlers, and its own epoll_wait) only when its set has
// something ready or a handler was posted: a client's command runs outside Asio's run(), where
// a post does not wake Asio's wait, so code that posts from there must say so (PostNotes).
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <string_view>

namespace cairn::net {

// Runs the loop until the io_context is stopped or runs out of work (as io_context::run).
void run_event_loop(boost::asio::io_context& io);

// Serves what is ready now without blocking (Redis's processEventsWhileBlocked): the
// io_context's ready handlers and the connections' ready events. Callable from a handler.
void poll_events(boost::asio::io_context& io);

// The loop's wait, as INFO's multiplexing_api names it: "io_uring" or "epoll" on Linux (the
// loop chosen for this io_context), else Asio's ("iocp", "kqueue", ...).
std::string_view multiplexing_api(boost::asio::io_context& io);
// What multiplexing_api says for a new io_context (cairn-server --version).
std::string_view default_multiplexing_api();

// Where a post is noted, so that the loop polls Asio before it waits again. Looked up once
// per io_context (post_notes), since the server posts often (a flush per Pub/Sub receiver).
// Code above the net layer posts with asio::post and then note_posted (ServerRuntime::post):
// a post made while a command runs (outside Asio's own handlers) would otherwise wait for
// the next timer tick (cron, 1/hz s).
class PostNotes {
public:
    virtual void note_posted() = 0;

protected:
    ~PostNotes() = default;
};
PostNotes& post_notes(boost::asio::io_context& io);

}  // namespace cairn::net

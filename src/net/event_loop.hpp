// How the server's event loop turns. Everywhere, it is the io_context's run(); on Linux, where
// the net layer drives accepted connections on its own epoll set (native_accept.hpp), that set
// is the loop's one blocking wait and Asio's own epoll set (timers, signals, listeners) is
// nested in it. Why: waited on the other way round (the connection set inside Asio's), every
// turn cost Asio's wait, an EPOLL_CTL_MOD to wait again (Asio 1.74 re-arms a descriptor on each
// async_wait) and this set's epoll_wait; a turn is now this set's epoll_wait alone, as in
// Redis. Asio is polled (its ready handlers, and its own epoll_wait) only when its set has
// something ready or a handler was posted: a client's command runs outside Asio's run(), where
// a post does not wake Asio's wait, so code that posts from there must say so (post below).
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace cairn::net {

// Runs the loop until the io_context is stopped or runs out of work (as io_context::run).
void run_event_loop(boost::asio::io_context& io);

// Serves what is ready now without blocking (Redis's processEventsWhileBlocked): the
// io_context's ready handlers and the connections' ready events. Callable from a handler.
void poll_events(boost::asio::io_context& io);

// A handler was posted to io: the loop polls Asio before it waits again.
void note_posted(boost::asio::io_context& io);

// asio::post for the server's code: posts, then note_posted. Use it, not asio::post, for work
// posted from a command (anything outside Asio's own handlers), or it may wait for the next
// timer tick (cron, 1/hz s) to run.
template <class Handler>
void post(boost::asio::io_context& io, Handler&& handler) {
    boost::asio::post(io, std::forward<Handler>(handler));
    note_posted(io);
}

}  // namespace cairn::net

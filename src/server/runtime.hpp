// The Asio side of the server: io_context, listeners, signals and the cron timer.
// Only server/*.cpp include this header.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "net/event_loop.hpp"
#include "net/listener.hpp"

namespace cairn {

class Server;

class ServerRuntime {
public:
    explicit ServerRuntime(Server& server);
    ~ServerRuntime();

    // Opens every configured listener; false with err when a required one fails.
    bool listen(std::string& err);
    // Re-opens TCP listeners after `port` / `bind` changed at runtime. On failure CONFIG SET
    // restores the old values and calls it again.
    bool rebind(std::string& err);
    void run();
    // Serves what is ready now, from inside a long command (a busy script): net::poll_events.
    void poll_events();
    // Runs handler on a later turn of the loop. Always this, never asio::post on io(): a post
    // from a command must wake the loop (net/event_loop.hpp: PostNotes).
    template <class Handler>
    void post(Handler&& handler) {
        boost::asio::post(io_, std::forward<Handler>(handler));
        post_notes_.note_posted();
    }
    // Stops accepting, gives pending replies a last chance to go out, ends run().
    void shutdown();
    // Calls Server::pause_expired() after delay_ms (re-arming replaces the previous one).
    void schedule_unpause(int64_t delay_ms);
    // Calls Server::block_timeout_fired() after delay_ms unless an earlier one is armed.
    void schedule_block_timeout(int64_t delay_ms);

    // tcp-keepalive on the listeners, for platforms where accepted sockets inherit it.
    bool apply_tcp_keepalive(std::string& err);

    boost::asio::io_context& io() { return io_; }
    const std::vector<std::unique_ptr<net::Listener>>& listeners() const { return tcp_; }

private:
    void accept(std::unique_ptr<net::Connection> conn);
    void schedule_cron();
    void watch_signals();

    Server& server_;
    boost::asio::io_context io_{1};  // one thread executes every command
    net::PostNotes& post_notes_;     // of io_
    boost::asio::signal_set signals_;
    boost::asio::steady_timer cron_timer_;
    boost::asio::steady_timer unpause_timer_;
    boost::asio::steady_timer block_timer_;
    std::chrono::steady_clock::time_point block_timer_at_{};  // when block_timer_ fires
    std::vector<std::unique_ptr<net::Listener>> tcp_;
    std::unique_ptr<net::Listener> unix_;
};

}  // namespace cairn

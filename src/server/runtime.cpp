#include "server/runtime.hpp"

#include <algorithm>
#include <csignal>

#include "clients/admission.hpp"
#include "clients/client.hpp"
#include "clients/output_writer.hpp"
#include "net/event_loop.hpp"
#include "platform/platform.hpp"
#include "server/client_session.hpp"
#include "server/log.hpp"
#include "server/server.hpp"
#include "service/readiness.hpp"

namespace cairn {

ServerRuntime::ServerRuntime(Server& server)
    : server_(server),
      post_notes_(net::post_notes(io_)),
      signals_(io_, SIGINT, SIGTERM),
      cron_timer_(io_),
      unpause_timer_(io_),
      block_timer_(io_) {}

ServerRuntime::~ServerRuntime() = default;

bool ServerRuntime::listen(std::string& err) {
    const config::Config& cfg = server_.config();
    if (cfg.port != 0) {
        net::ListenResult r = net::listen_tcp(io_, cfg.bind, cfg.port, cfg.tcp_backlog);
        for (const std::string& w : r.warnings) log(LogLevel::Verbose, "%s", w.c_str());
        if (!r.error.empty()) {
            log(LogLevel::Warning, "Warning: %s", r.error.c_str());
            err = "Failed listening on port " + std::to_string(cfg.port) + " (tcp), aborting.";
            return false;
        }
        tcp_ = std::move(r.listeners);
        if (!apply_tcp_keepalive(err)) return false;
    }
    if (!cfg.unixsocket.empty()) {
        unix_ = net::listen_unix(io_, cfg.unixsocket, cfg.tcp_backlog, cfg.unixsocketperm, err);
        if (!unix_) return false;
        log(LogLevel::Notice, "The server is now ready to accept connections at %s",
            cfg.unixsocket.c_str());
    }
    if (tcp_.empty() && !unix_) {
        err = "Configured to not listen anywhere, exiting.";
        return false;
    }
    for (auto& l : tcp_)
        l->start([this](std::unique_ptr<net::Connection> c) { accept(std::move(c)); });
    if (unix_) unix_->start([this](std::unique_ptr<net::Connection> c) { accept(std::move(c)); });
    return true;
}

bool ServerRuntime::rebind(std::string& err) {
    const config::Config& cfg = server_.config();
    std::vector<std::unique_ptr<net::Listener>> fresh;
    if (cfg.port != 0) {
        // Close first: the new set may reuse an address of the old one.
        for (auto& l : tcp_) l->close();
        net::ListenResult r = net::listen_tcp(io_, cfg.bind, cfg.port, cfg.tcp_backlog);
        if (!r.error.empty()) {
            err = r.error;
            return false;
        }
        fresh = std::move(r.listeners);
    } else {
        for (auto& l : tcp_) l->close();
    }
    tcp_ = std::move(fresh);
    if (!apply_tcp_keepalive(err)) return false;
    for (auto& l : tcp_)
        l->start([this](std::unique_ptr<net::Connection> c) { accept(std::move(c)); });
    return true;
}

bool ServerRuntime::apply_tcp_keepalive(std::string& err) {
    for (auto& l : tcp_) {
        if (!l->set_tcp_keepalive(server_.config().tcp_keepalive, err)) {
            err = "Error configuring keepalive on " + l->description() + ": " + err;
            return false;
        }
    }
    return true;
}

void ServerRuntime::accept(std::unique_ptr<net::Connection> conn) {
    if (server_.shutting_down()) return;
    server_.update_time();
    server_.stats().total_connections_received++;
    const config::Config& cfg = server_.config();
    AdmissionInput in;
    in.connected_clients = server_.clients().size();
    in.maxclients = cfg.maxclients;
    in.protected_mode = cfg.protected_mode;
    in.password_set = !cfg.requirepass.empty();
    in.peer_is_local = conn->peer_is_local();
    Admission verdict = admit(in);
    if (verdict != Admission::Accept) {
        log(LogLevel::Verbose, "Refused connection from %s: %s", conn->peer_address().c_str(),
            verdict == Admission::TooManyClients ? "max number of clients reached"
                                                 : "protected mode");
        // Best effort, like Redis: one non-blocking write of the reason, then close.
        std::string_view why = refusal_reply(verdict);
        net::ConstSpan span{why.data(), why.size()};
        conn->write_some(&span, 1);
        conn->close();
        server_.stats().rejected_connections++;
        return;
    }
    if (cfg.tcp_keepalive > 0 && !conn->is_unix() &&
        !platform::accepted_sockets_inherit_tcp_options()) {
        std::string err;
        if (!platform::set_tcp_keepalive(conn->native_handle(), cfg.tcp_keepalive, err)) {
            log(LogLevel::Warning, "Error configuring keepalive: %s", err.c_str());
        }
    }
    auto session = std::make_shared<ClientSession>(server_, std::move(conn));
    if (logger().enabled(LogLevel::Verbose)) {  // the address costs a system call
        log(LogLevel::Verbose, "Accepted %s",
            session->client().connection()->peer_address().c_str());
    }
    server_.clients().add(session->client_ptr());
    session->start();
}

void ServerRuntime::run() {
    watch_signals();
    schedule_cron();
    net::run_event_loop(io_);
}

void ServerRuntime::poll_events() {
    net::poll_events(io_);
}

void ServerRuntime::watch_signals() {
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        const std::string_view request = sig == SIGTERM ? service::stop_request() : "";
        if (!request.empty()) {  // Windows's SCM: the control in its own terms
            log(LogLevel::Warning, "Windows %.*s, scheduling shutdown...",
                static_cast<int>(request.size()), request.data());
        } else {
            log(LogLevel::Warning, "Received %s scheduling shutdown...",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        }
        // shutdown-on-sigint / shutdown-on-sigterm: the signal's SHUTDOWN flags.
        const int flags = sig == SIGINT ? server_.config().shutdown_on_sigint
                                        : server_.config().shutdown_on_sigterm;
        const ShutdownMode mode = (flags & config::kShutdownSave)     ? ShutdownMode::Save
                                  : (flags & config::kShutdownNoSave) ? ShutdownMode::NoSave
                                                                      : ShutdownMode::Default;
        server_.request_shutdown(mode, false, (flags & config::kShutdownForce) != 0);
        watch_signals();
    });
}

void ServerRuntime::schedule_cron() {
    int hz = server_.config().hz > 0 ? server_.config().hz : 10;
    cron_timer_.expires_after(std::chrono::milliseconds(1000 / hz));
    cron_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        server_.cron();
        schedule_cron();
    });
}

void ServerRuntime::schedule_unpause(int64_t delay_ms) {
    // Long pauses wake up hourly and re-arm: a huge delay would overflow the clock's range.
    constexpr int64_t kMaxDelayMs = 3600 * 1000;
    delay_ms = std::clamp<int64_t>(delay_ms, 0, kMaxDelayMs);
    unpause_timer_.expires_after(std::chrono::milliseconds(delay_ms));
    unpause_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) server_.pause_expired();
    });
}

void ServerRuntime::schedule_block_timeout(int64_t delay_ms) {
    constexpr int64_t kMaxDelayMs = 3600 * 1000;  // long timeouts re-arm: no clock overflow
    auto at = std::chrono::steady_clock::now() +
              std::chrono::milliseconds(std::clamp<int64_t>(delay_ms, 0, kMaxDelayMs));
    auto now = std::chrono::steady_clock::now();
    if (block_timer_at_ > now && block_timer_at_ <= at) return;  // an earlier one is armed
    block_timer_at_ = at;
    block_timer_.expires_at(at);
    block_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        block_timer_at_ = {};
        server_.block_timeout_fired();
    });
}

void ServerRuntime::shutdown() {
    block_timer_.cancel();
    unpause_timer_.cancel();
    for (auto& l : tcp_) l->close();
    if (unix_) unix_->close();
    // Last chance for pending replies: write what each socket takes right now.
    server_.clients().for_each([](Client& c) {
        if (c.connection()) write_pending(*c.connection(), c.output());
    });
    cron_timer_.cancel();
    boost::system::error_code ec;
    signals_.cancel(ec);
    io_.stop();
}

}  // namespace cairn

#include "server/migrate_sockets.hpp"

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <istream>

namespace cairn {

namespace {
constexpr size_t kMaxCached = 64;         // MIGRATE_SOCKET_CACHE_ITEMS
constexpr int64_t kCacheTtlSeconds = 10;  // MIGRATE_SOCKET_CACHE_TTL
}  // namespace

// A private io_context runs each operation for at most its timeout: portable blocking I/O
// with deadlines, apart from the server's own event loop.
struct MigrateSockets::Link {
    boost::asio::io_context io{1};
    boost::asio::ip::tcp::socket socket{io};
    boost::asio::streambuf in;
    bool timed_out = false;

    // Runs the pending operation; false (and the socket closed) when it does not finish in
    // time or fails.
    bool run(int64_t timeout_ms, const boost::system::error_code& ec_out, bool& done) {
        io.restart();
        io.run_for(std::chrono::milliseconds(timeout_ms));
        if (!done) {
            timed_out = true;
            boost::system::error_code ignored;
            socket.close(ignored);
            io.restart();
            io.run();  // lets the cancelled handler run
            return false;
        }
        return !ec_out;
    }
};

MigrateSockets::MigrateSockets() = default;
MigrateSockets::~MigrateSockets() = default;

MigrateSockets::Cached* MigrateSockets::get(const std::string& host, const std::string& port,
                                            int64_t timeout_ms, int64_t now_s, bool& timed_out) {
    timed_out = false;
    const std::string name = host + ":" + port;
    auto it = cache_.find(name);
    if (it != cache_.end()) {
        it->second.last_use_s = now_s;
        return &it->second;
    }
    if (cache_.size() == kMaxCached) cache_.erase(cache_.begin());  // make room (Redis: random)
    auto link = std::make_unique<Link>();
    boost::system::error_code ec;
    bool done = false;
    boost::asio::ip::tcp::resolver resolver(link->io);
    auto endpoints = resolver.resolve(host, port, ec);
    if (ec) {
        timed_out = true;  // Redis's blocking connect reports a bad address the same way
        return nullptr;
    }
    boost::asio::async_connect(link->socket, endpoints,
                               [&](const boost::system::error_code& e, const auto&) {
                                   ec = e;
                                   done = true;
                               });
    if (!link->run(timeout_ms, ec, done)) {
        timed_out = link->timed_out;
        return nullptr;
    }
    link->socket.set_option(boost::asio::ip::tcp::no_delay(true), ec);
    Cached& c = cache_[name];
    c.link = std::move(link);
    c.last_dbid = -1;
    c.last_use_s = now_s;
    return &c;
}

void MigrateSockets::close(const std::string& host, const std::string& port) {
    cache_.erase(host + ":" + port);
}

void MigrateSockets::cron(int64_t now_s) {
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (now_s - it->second.last_use_s > kCacheTtlSeconds) {
            it = cache_.erase(it);
        } else {
            ++it;
        }
    }
}

bool MigrateSockets::write_all(Link& link, const std::string& data, int64_t timeout_ms) {
    boost::system::error_code ec;
    bool done = false;
    boost::asio::async_write(link.socket, boost::asio::buffer(data),
                             [&](const boost::system::error_code& e, size_t) {
                                 ec = e;
                                 done = true;
                             });
    return link.run(timeout_ms, ec, done);
}

bool MigrateSockets::read_line(Link& link, std::string& line, int64_t timeout_ms) {
    boost::system::error_code ec;
    bool done = false;
    boost::asio::async_read_until(link.socket, link.in, "\r\n",
                                  [&](const boost::system::error_code& e, size_t) {
                                      ec = e;
                                      done = true;
                                  });
    if (!link.run(timeout_ms, ec, done)) return false;
    std::istream is(&link.in);
    std::getline(is, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

bool MigrateSockets::timed_out(const Link& link) {
    return link.timed_out;
}

}  // namespace cairn

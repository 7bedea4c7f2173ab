#include "server/monitor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "clients/client.hpp"
#include "net/connection.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Which arguments Redis replaces with "(redacted)" (redactClientCommandArgument callers).
std::vector<bool> redacted(const std::vector<std::string_view>& argv) {
    std::vector<bool> r(argv.size(), false);
    if (argv.empty()) return r;
    if (iequals(argv[0], "auth")) {
        for (size_t i = 1; i < argv.size(); i++) r[i] = true;
    } else if (iequals(argv[0], "hello")) {
        for (size_t i = 2; i < argv.size(); i++) {
            if (iequals(argv[i], "auth") && i + 2 < argv.size()) {
                r[i + 1] = r[i + 2] = true;
                i += 2;
            } else if (iequals(argv[i], "setname") && i + 1 < argv.size()) {
                i += 1;
            }
        }
    } else if (iequals(argv[0], "migrate")) {
        for (size_t i = 6; i < argv.size(); i++) {
            if (iequals(argv[i], "auth") && i + 1 < argv.size()) {
                r[++i] = true;
            } else if (iequals(argv[i], "auth2") && i + 2 < argv.size()) {
                r[i + 1] = r[i + 2] = true;
                i += 2;
            } else if (iequals(argv[i], "keys")) {
                break;
            }
        }
    }
    return r;
}

}  // namespace

std::string monitor_line(int64_t now_us, int db, std::string_view peer,
                         const std::vector<std::string_view>& argv) {
    char head[64];
    std::snprintf(head, sizeof head, "%lld.%06lld [%d ", static_cast<long long>(now_us / 1000000),
                  static_cast<long long>(now_us % 1000000), db);
    std::string line = head;
    line.append(peer);
    line += "] ";
    std::vector<bool> hide = redacted(argv);
    for (size_t i = 0; i < argv.size(); i++) {
        line += util::repr(hide[i] ? std::string_view("(redacted)") : argv[i]);
        if (i + 1 < argv.size()) line += ' ';
    }
    return line;
}

void Monitors::add(Client& c) {
    if (c.flags & kMonitor) return;
    c.flags |= kMonitor;
    clients_.push_back(&c);
}

void Monitors::remove(Client& c) {
    if (!(c.flags & kMonitor)) return;
    c.flags &= ~static_cast<uint32_t>(kMonitor);
    std::erase(clients_, &c);
}

void Monitors::feed(Client& source, int db, const std::vector<std::string_view>& argv) {
    std::string peer;
    if (source.flags & kUnixSocket) {
        peer = "unix:" + server_.config().unixsocket;
    } else if (source.connection()) {
        peer = source.connection()->peer_address();
    } else {
        peer = "lua";  // a pseudo-client runs commands for the server itself
    }
    using namespace std::chrono;
    int64_t now_us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    // Built by appending: GCC 12 warns (-Wrestrict, a false positive) on "+" + std::string&&.
    std::string line = "+";
    line += monitor_line(now_us, db, peer, argv);
    line += "\r\n";
    std::vector<Client*> targets = clients_;  // an output limit may drop a monitor
    for (Client* m : targets) {
        if (m->closed || (m->flags & kCloseAsap) || !m->connection()) continue;
        m->output().append(line);
        server_.check_output_limits(*m);
        if (m->waker) m->waker->request_flush();
    }
}

}  // namespace cairn

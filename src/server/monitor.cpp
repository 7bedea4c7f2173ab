#include "server/monitor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "clients/client.hpp"
#include "net/connection.hpp"
#include "server/redaction.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

std::string monitor_line(int64_t now_us, int db, std::string_view peer,
                         const std::vector<std::string_view>& argv) {
    char head[64];
    std::snprintf(head, sizeof head, "%lld.%06lld [%d ", static_cast<long long>(now_us / 1000000),
                  static_cast<long long>(now_us % 1000000), db);
    std::string line = head;
    line.append(peer);
    line += "] ";
    std::vector<bool> hide = redacted_arguments(argv);
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

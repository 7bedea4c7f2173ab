// MONITOR: clients that receive a line for every command the server runs, in Redis's format
// (replicationFeedMonitors): +<unix s>.<µs> [<db> <addr>] "cmd" "arg" ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class Client;
class Command;
class Server;

// The line for one command, without the leading '+' and the CRLF. Arguments that carry
// secrets (AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2) read "(redacted)".
std::string monitor_line(int64_t now_us, int db, std::string_view peer,
                         const std::vector<std::string_view>& argv);

class Monitors {
public:
    explicit Monitors(Server& server) : server_(server) {}

    void add(Client& c);
    void remove(Client& c);
    bool empty() const { return clients_.empty(); }
    size_t size() const { return clients_.size(); }
    // Sends the command that `source` just ran to every monitor.
    void feed(Client& source, int db, const std::vector<std::string_view>& argv);

private:
    Server& server_;
    std::vector<Client*> clients_;
};

}  // namespace cairn

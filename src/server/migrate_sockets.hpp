// MIGRATE's connections to target servers (cluster.c's migrateCachedSocket): blocking I/O with
// a timeout, as Redis's MIGRATE blocks the server while it moves keys; kept per host:port
// for 10 seconds of idleness (at most 64) with the database last SELECTed on it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace cairn {

class MigrateSockets {
public:
    struct Link;  // one connection (migrate_sockets.cpp)
    struct Cached {
        std::unique_ptr<Link> link;
        int64_t last_dbid = -1;
        int64_t last_use_s = 0;
    };

    MigrateSockets();
    ~MigrateSockets();

    // The cached connection to host:port, or a new one (connect within timeout_ms). Null
    // when the connection fails; timed_out tells a timeout from a refusal.
    Cached* get(const std::string& host, const std::string& port, int64_t timeout_ms, int64_t now_s,
                bool& timed_out);
    void close(const std::string& host, const std::string& port);
    // Closes connections idle for 10 seconds (migrateCloseTimedoutSockets).
    void cron(int64_t now_s);
    size_t size() const { return cache_.size(); }

    // I/O on a cached connection; false on an error or a timeout (timed_out() tells which).
    static bool write_all(Link& link, const std::string& data, int64_t timeout_ms);
    static bool read_line(Link& link, std::string& line, int64_t timeout_ms);
    static bool timed_out(const Link& link);

private:
    std::map<std::string, Cached> cache_;
};

}  // namespace cairn

// Server-wide counters reported by INFO (stats, clients sections); the engine and the command
// families count into them (commands/command_host.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace cairn {

struct Stats {
    uint64_t total_connections_received = 0;
    uint64_t total_commands_processed = 0;
    uint64_t rejected_connections = 0;
    uint64_t net_input_bytes = 0;
    uint64_t net_output_bytes = 0;
    uint64_t keyspace_hits = 0;
    uint64_t keyspace_misses = 0;
    uint64_t evicted_keys = 0;
    uint64_t total_error_replies = 0;
    uint64_t unexpected_error_replies = 0;
    uint64_t dirty = 0;  // changes since the last save
    uint64_t client_query_buffer_limit_disconnections = 0;
    uint64_t client_output_buffer_limit_disconnections = 0;
    uint64_t reply_buffer_shrinks = 0;  // the clients cron resizing reply buffers
    uint64_t reply_buffer_expands = 0;
    uint64_t total_reads_processed = 0;           // read events handled
    uint64_t total_writes_processed = 0;          // flushes of a client with a reply pending
    uint64_t expired_time_cap_reached_count = 0;  // active expiry stopped by its time budget
    // Instantaneous metrics (Redis's trackInstantaneousMetric): samples taken every 100 ms.
    struct Metric {
        static constexpr int kSamples = 16;
        long long samples[kSamples] = {};
        int index = 0;
        int64_t last_time_ms = 0;
        uint64_t last_value = 0;
        void track(uint64_t value, int64_t now_ms);
        long long average() const;
    };
    Metric ops_per_sec;
    Metric input_bytes_per_sec;
    Metric output_bytes_per_sec;

    // INFO errorstats: error code -> count. Like Redis, at most kMaxErrorCodes distinct codes.
    static constexpr size_t kMaxErrorCodes = 128;
    std::map<std::string, uint64_t, std::less<>> errors_by_code;

    void record_error(std::string_view code) {
        total_error_replies++;
        auto it = errors_by_code.find(code);
        if (it != errors_by_code.end()) {
            it->second++;
        } else if (errors_by_code.size() < kMaxErrorCodes) {
            errors_by_code.emplace(std::string(code), 1);
        }
    }
};

}  // namespace cairn

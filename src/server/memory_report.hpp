// Where the memory goes, as Redis 7.0's getMemoryOverheadData computes it for INFO memory,
// MEMORY STATS and MEMORY DOCTOR; and the memory cron: the peak, and giving freed memory back
// to the operating system when the process holds far more than it uses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cairn {

class Server;

class MemoryTracker {
public:
    // The heap in use once the server is set up, before any data (used_memory_startup).
    void set_startup(uint64_t used) { startup_ = used; }
    uint64_t startup() const { return startup_; }
    uint64_t peak() const { return peak_; }
    uint64_t peak_time_ms() const { return peak_time_ms_; }
    void note(uint64_t used, int64_t now_ms);  // raises the peak
    void reset_peak(uint64_t used, int64_t now_ms) {
        peak_ = used;
        peak_time_ms_ = now_ms;
    }
    // From the cron: the peak every 100 ms; every second, when the RSS is more than 1.5 times
    // the heap in use and 64 MB above it (a big client or dataset just went away), the free
    // heap goes back to the operating system (glibc keeps it otherwise; Redis's jemalloc
    // purges it in the background).
    // release_memory: jemalloc-bg-thread, the switch Redis has for its allocator's purging.
    void cron(int64_t now_ms, bool release_memory);
    uint64_t trims() const { return trims_; }

private:
    uint64_t startup_ = 0;
    uint64_t peak_ = 0;
    int64_t peak_time_ms_ = 0;
    int64_t last_sample_ms_ = 0;
    int64_t last_trim_check_ms_ = 0;
    uint64_t trims_ = 0;
};

struct MemoryOverhead {
    uint64_t total_allocated = 0;
    uint64_t startup_allocated = 0;
    uint64_t peak_allocated = 0;
    uint64_t process_rss = 0;
    // The allocator's figures (platform::allocator_stats; zeros where it does not tell).
    uint64_t allocator_allocated = 0;
    uint64_t allocator_active = 0;
    uint64_t allocator_resident = 0;
    uint64_t clients_normal = 0;
    uint64_t aof_buffer = 0;
    struct Db {
        int id;
        uint64_t overhead_main;
        uint64_t overhead_expires;
    };
    std::vector<Db> dbs;  // the databases holding keys
    uint64_t overhead_total = 0;
    uint64_t total_keys = 0;
    uint64_t bytes_per_key = 0;
    uint64_t dataset = 0;
    double dataset_perc = 0;
    double peak_perc = 0;
    // RSS / used, and the ratios between the allocator's figures (0 where it does not tell).
    double total_frag = 0;
    int64_t total_frag_bytes = 0;
    double allocator_frag = 0;
    int64_t allocator_frag_bytes = 0;
    double allocator_rss = 0;
    int64_t allocator_rss_bytes = 0;
    double rss_extra = 0;
    int64_t rss_extra_bytes = 0;
    size_t normal_clients = 0;
};

MemoryOverhead memory_overhead(Server& s);
// MEMORY DOCTOR's report (Redis's getMemoryDoctorReport texts).
std::string memory_doctor_report(const MemoryOverhead& mh);

}  // namespace cairn

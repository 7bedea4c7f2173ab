#include "server/memory_report.hpp"

#include <algorithm>

#include "clients/client.hpp"
#include "clients/client_info.hpp"
#include "db/database.hpp"
#include "platform/platform.hpp"
#include "server/aof.hpp"
#include "server/persistence.hpp"
#include "server/server.hpp"

namespace cairn {

namespace {

constexpr int64_t kSamplePeriodMs = 100;
constexpr int64_t kTrimPeriodMs = 1000;
constexpr uint64_t kTrimMinExcess = 64ULL << 20;

double ratio(uint64_t a, uint64_t b) {
    return b ? static_cast<double>(a) / static_cast<double>(b) : 0;
}

int64_t difference(uint64_t a, uint64_t b) {
    return static_cast<int64_t>(a) - static_cast<int64_t>(b);
}

}  // namespace

void MemoryTracker::note(uint64_t used, int64_t now_ms) {
    if (used > peak_) {
        peak_ = used;
        peak_time_ms_ = now_ms;
    }
}

void MemoryTracker::cron(int64_t now_ms, bool release_memory) {
    if (now_ms - last_sample_ms_ < kSamplePeriodMs) return;
    last_sample_ms_ = now_ms;
    const uint64_t used = platform::heap_used_bytes();
    note(used, now_ms);
    if (!release_memory || now_ms - last_trim_check_ms_ < kTrimPeriodMs) return;
    last_trim_check_ms_ = now_ms;
    const uint64_t rss = platform::process_rss_bytes();
    if (rss > used + used / 2 && rss > used + kTrimMinExcess && platform::release_free_memory()) {
        trims_++;
    }
}

MemoryOverhead memory_overhead(Server& s) {
    MemoryOverhead mh;
    MemoryTracker& t = s.memory();
    mh.total_allocated = platform::heap_used_bytes();
    t.note(mh.total_allocated, s.now_ms());
    mh.startup_allocated = t.startup();
    mh.peak_allocated = t.peak();
    mh.process_rss = platform::process_rss_bytes();
    const platform::AllocatorStats a = platform::allocator_stats();
    mh.allocator_allocated = a.allocated;
    mh.allocator_active = a.active;
    mh.allocator_resident = a.resident;

    uint64_t total = mh.startup_allocated;
    s.clients().for_each([&](Client& c) {
        mh.clients_normal += client_memory_usage(c);
        mh.normal_clients++;
    });
    total += mh.clients_normal;
    Aof& aof = s.persistence().aof();
    if (aof.state() != Aof::State::Off) mh.aof_buffer = aof.buffer_length();
    total += mh.aof_buffer;
    for (int i = 0; i < s.db_count(); i++) {
        db::Database& d = s.db(i);
        if (d.size() == 0) continue;
        mh.total_keys += d.size();
        MemoryOverhead::Db db{i, d.keys_overhead(), d.expires_overhead()};
        total += db.overhead_main + db.overhead_expires;
        mh.dbs.push_back(db);
    }
    mh.overhead_total = total;
    mh.dataset = mh.total_allocated > total ? mh.total_allocated - total : 0;
    mh.peak_perc = mh.peak_allocated ? static_cast<double>(mh.total_allocated) * 100 /
                                           static_cast<double>(mh.peak_allocated)
                                     : 0;
    const uint64_t net =
        mh.total_allocated > mh.startup_allocated ? mh.total_allocated - mh.startup_allocated : 1;
    if (mh.total_keys) mh.bytes_per_key = net / mh.total_keys;
    mh.dataset_perc = static_cast<double>(mh.dataset) * 100 / static_cast<double>(net);

    mh.total_frag = ratio(mh.process_rss, mh.total_allocated);
    mh.total_frag_bytes = difference(mh.process_rss, mh.total_allocated);
    mh.allocator_frag = ratio(a.active, a.allocated);
    mh.allocator_frag_bytes = difference(a.active, a.allocated);
    mh.allocator_rss = ratio(a.resident, a.active);
    mh.allocator_rss_bytes = difference(a.resident, a.active);
    mh.rss_extra = ratio(mh.process_rss, a.resident);
    mh.rss_extra_bytes = difference(mh.process_rss, a.resident);
    return mh;
}

std::string memory_doctor_report(const MemoryOverhead& mh) {
    bool big_peak = false, high_frag = false, high_alloc_frag = false, high_alloc_rss = false,
         high_proc_rss = false, big_client_buf = false;
    int reports = 0;
    const bool empty = mh.total_allocated < 5 * 1024 * 1024;
    if (empty) {
        reports++;
    } else {
        big_peak = ratio(mh.peak_allocated, mh.total_allocated) > 1.5;
        high_frag = mh.total_frag > 1.4 && mh.total_frag_bytes > (10 << 20);
        high_alloc_frag = mh.allocator_frag > 1.1 && mh.allocator_frag_bytes > (10 << 20);
        high_alloc_rss = mh.allocator_rss > 1.1 && mh.allocator_rss_bytes > (10 << 20);
        high_proc_rss = mh.rss_extra > 1.1 && mh.rss_extra_bytes > (10 << 20);
        big_client_buf = mh.normal_clients && mh.clients_normal / mh.normal_clients > 1024 * 200;
        reports += big_peak + high_frag + high_alloc_frag + high_alloc_rss + high_proc_rss +
                   big_client_buf;
    }
    if (reports == 0) {
        return "Hi Sam, I can't find any memory issue in your instance. I can only account for "
               "what occurs on this base.\n";
    }
    if (empty) {
        return "Hi Sam, this instance is empty or is using very little memory, my issues "
               "detector can't be used in these conditions. Please, leave for your mission on "
               "Earth and fill it with some data. The new Sam and I will be back to our "
               "programming as soon as I finished rebooting.\n";
    }
    std::string s = "Sam, I detected a few issues in this Redis instance memory implants:\n\n";
    if (big_peak) {
        s += " * Peak memory: In the past this instance used more than 150% the memory that is "
             "currently using. The allocator is normally not able to release memory after a "
             "peak, so you can expect to see a big fragmentation ratio, however this is "
             "actually harmless and is only due to the memory peak, and if the Redis instance "
             "Resident Set Size (RSS) is currently bigger than expected, the memory will be "
             "used as soon as you fill the Redis instance with more data. If the memory peak "
             "was only occasional and you want to try to reclaim memory, please try the MEMORY "
             "PURGE command, otherwise the only other option is to shutdown and restart the "
             "instance.\n\n";
    }
    if (high_frag) {
        s += " * High total RSS: This instance has a memory fragmentation and RSS overhead "
             "greater than 1.4 (this means that the Resident Set Size of the Redis process is "
             "much larger than the sum of the logical allocations Redis performed). This "
             "problem is usually due either to a large peak memory (check if there is a peak "
             "memory entry above in the report) or may result from a workload that causes the "
             "allocator to fragment memory a lot. If the problem is a large peak memory, then "
             "there is no issue. Otherwise, make sure you are using the Jemalloc allocator and "
             "not the default libc malloc. Note: The currently used allocator is \"";
        s += platform::allocator_name();
        s += "\".\n\n";
    }
    if (high_alloc_frag) {
        s += " * High allocator fragmentation: This instance has an allocator external "
             "fragmentation greater than 1.1. This problem is usually due either to a large "
             "peak memory (check if there is a peak memory entry above in the report) or may "
             "result from a workload that causes the allocator to fragment memory a lot. You "
             "can try enabling 'activedefrag' config option.\n\n";
    }
    if (high_alloc_rss) {
        s += " * High allocator RSS overhead: This instance has an RSS memory overhead is "
             "greater than 1.1 (this means that the Resident Set Size of the allocator is much "
             "larger than the sum what the allocator actually holds). This problem is usually "
             "due to a large peak memory (check if there is a peak memory entry above in the "
             "report), you can try the MEMORY PURGE command to reclaim it.\n\n";
    }
    if (high_proc_rss) {
        s += " * High process RSS overhead: This instance has non-allocator RSS memory overhead "
             "is greater than 1.1 (this means that the Resident Set Size of the Redis process "
             "is much larger than the RSS the allocator holds). This problem may be due to Lua "
             "scripts or Modules.\n\n";
    }
    if (big_client_buf) {
        s += " * Big client buffers: The clients output buffers in this instance are greater "
             "than 200K per client (on average). This may result from different causes, like "
             "Pub/Sub clients subscribed to channels bot not receiving data fast enough, so "
             "that data piles on the Redis instance output buffer, or clients sending commands "
             "with large replies or very large sequences of commands in the same pipeline. "
             "Please use the CLIENT LIST command in order to investigate the issue if it causes "
             "problems in your instance, or to understand better why certain clients are using "
             "a big amount of memory.\n\n";
    }
    s += "I'm here to keep you safe, Sam. I want to help you.\n";
    return s;
}

}  // namespace cairn

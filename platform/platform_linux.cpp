// Linux implementation of platform.hpp: memory accounting, thread priority and default paths.
// Everything else is POSIX and lives in platform_posix.cpp.
#include <malloc.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "platform/command_clock.hpp"
#include "platform/platform.hpp"

namespace cairn::platform {

uint64_t process_rss_bytes() {
    // Second field of /proc/self/statm is resident pages.
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long size = 0, resident = 0;
    int n = std::fscanf(f, "%llu %llu", &size, &resident);
    std::fclose(f);
    if (n != 2) return 0;
    return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

uint64_t heap_used_bytes() {
    struct mallinfo2 mi = mallinfo2();
    uint64_t used = static_cast<uint64_t>(mi.uordblks + mi.hblkhd);
    // An interposed allocator (a sanitizer's, for one) leaves glibc's counters at zero.
    return used != 0 ? used : process_rss_bytes();
}

AllocatorStats allocator_stats() {
    struct mallinfo2 mi = mallinfo2();
    AllocatorStats s;
    s.allocated = static_cast<uint64_t>(mi.uordblks + mi.hblkhd);
    if (s.allocated == 0) return {};  // an interposed allocator (a sanitizer's) is not glibc
    s.active = static_cast<uint64_t>(mi.arena + mi.hblkhd);
    // Free chunks glibc already gave back with madvise stay in `arena`; the RSS is the
    // resident part (the process's own non-heap pages are small next to it).
    s.resident = std::min<uint64_t>(process_rss_bytes(), s.active);
    return s;
}

std::string_view allocator_name() {
    return "libc";
}

bool release_free_memory() {
    malloc_trim(0);
    return true;
}

void lower_thread_priority() {
    // Linux keeps a nice value per thread, addressed by its thread id.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) setpriority(PRIO_PROCESS, tid, now + 10 > 19 ? 19 : now + 10);
}

void disable_transparent_huge_pages() {
    std::FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return;
    char line[256] = {};
    const bool always = std::fgets(line, sizeof line, f) && std::strstr(line, "[always]");
    std::fclose(f);
    if (always) prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

std::string default_config_path() {
    return "/etc/cairn/cairn.conf";
}
std::string default_data_dir() {
    return "/var/lib/cairn";
}

// An accepted socket is cloned from its listener (inet_csk_clone_lock), options included.
bool accepted_sockets_inherit_tcp_options() {
    return true;
}

void init_command_clock() {
#if defined(__x86_64__)
    // Only an invariant TSC (same rate in every P-/C-state, on every CPU) measures time.
    std::FILE* f = std::fopen("/proc/cpuinfo", "r");
    if (!f) return;
    char line[8192];
    bool invariant = false;
    while (std::fgets(line, sizeof(line), f)) {
        if (std::strncmp(line, "flags", 5) != 0) continue;
        invariant = std::strstr(line, " constant_tsc") && std::strstr(line, " nonstop_tsc");
        break;
    }
    std::fclose(f);
    if (!invariant) return;
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const uint64_t c0 = __rdtsc();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto t1 = clock::now();
    const uint64_t c1 = __rdtsc();
    const double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
    const double per_us = static_cast<double>(c1 - c0) / us;
    if (per_us < 100 || per_us > 100000) return;  // not a plausible rate: keep steady_clock
    detail::tsc_us_per_tick_q32 = static_cast<uint64_t>(4294967296.0 / per_us);
    detail::tsc_clock = true;
#endif
}

}  // namespace cairn::platform

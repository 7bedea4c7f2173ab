// macOS and FreeBSD/OpenBSD/NetBSD/DragonFly implementation of platform.hpp: memory accounting
// and default paths. Everything else is POSIX and lives in platform_posix.cpp.
#include <sys/param.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__APPLE__)
#include <mach/mach.h>
#include <malloc/malloc.h>
#include <pthread.h>
#else
#include <sys/sysctl.h>
#if defined(__FreeBSD__) || defined(__DragonFly__)
#include <sys/user.h>  // struct kinfo_proc
#endif
#endif

#include "platform/command_clock.hpp"
#include "platform/platform.hpp"

namespace cairn::platform {

namespace {

[[maybe_unused]] uint64_t page_size() {
    return static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

// Current (not peak) resident set size, read the same way as Redis's zmalloc_get_rss().
uint64_t process_rss_bytes() {
#if defined(__APPLE__)
    mach_task_basic_info_data_t info{};
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, reinterpret_cast<task_info_t>(&info),
                  &count) != KERN_SUCCESS) {
        return 0;
    }
    return static_cast<uint64_t>(info.resident_size);
#elif defined(__FreeBSD__) || defined(__DragonFly__)
    struct kinfo_proc info {};
    size_t len = sizeof(info);
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, static_cast<int>(getpid())};
    if (sysctl(mib, 4, &info, &len, nullptr, 0) != 0) return 0;
#if defined(__FreeBSD__)
    return static_cast<uint64_t>(info.ki_rssize) * page_size();
#else
    return static_cast<uint64_t>(info.kp_vm_rssize) * page_size();
#endif
#elif defined(__NetBSD__)
    // kinfo_proc2 needs KERN_PROC2 and the six-element name (element size and count).
    struct kinfo_proc2 info {};
    size_t len = sizeof(info);
    int mib[6] = {CTL_KERN,
                  KERN_PROC2,
                  KERN_PROC_PID,
                  static_cast<int>(getpid()),
                  static_cast<int>(sizeof(info)),
                  1};
    if (sysctl(mib, 6, &info, &len, nullptr, 0) != 0) return 0;
    return static_cast<uint64_t>(info.p_vm_rssize) * page_size();
#elif defined(__OpenBSD__)
    struct kinfo_proc info {};
    size_t len = sizeof(info);
    int mib[6] = {CTL_KERN,
                  KERN_PROC,
                  KERN_PROC_PID,
                  static_cast<int>(getpid()),
                  static_cast<int>(sizeof(info)),
                  1};
    if (sysctl(mib, 6, &info, &len, nullptr, 0) != 0) return 0;
    return static_cast<uint64_t>(info.p_vm_rssize) * page_size();
#else
    return 0;
#endif
}

uint64_t heap_used_bytes() {
#if defined(__APPLE__)
    // A null zone sums the statistics of all malloc zones.
    malloc_statistics_t stats{};
    malloc_zone_statistics(nullptr, &stats);
    if (stats.size_in_use > 0) return static_cast<uint64_t>(stats.size_in_use);
#endif
    // No portable allocator statistics on the BSDs; fall back to the RSS as the header says.
    return process_rss_bytes();
}

std::string default_config_path() {
    return "/usr/local/etc/cairn/cairn.conf";
}
std::string default_data_dir() {
    return "/usr/local/var/db/cairn";
}

void lower_thread_priority() {
#if defined(__APPLE__)
    pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0);
#endif
}

void disable_transparent_huge_pages() {}  // Linux only

AllocatorStats allocator_stats() {
    return {};  // the system malloc publishes no such figures here
}

std::string_view allocator_name() {
    return "libc";
}

bool release_free_memory() {
    return false;
}

// Not relied on: which options the BSDs and macOS copy to an accepted socket varies.
bool accepted_sockets_inherit_tcp_options() {
    return false;
}

// steady_clock times commands here (see command_clock.hpp).
void init_command_clock() {}

}  // namespace cairn::platform

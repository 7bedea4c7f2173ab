// macOS and the BSDs: setproctitle(3) where the C library has it, cpuset(2) affinity on
// FreeBSD. No OOM score (that is Linux's).
#include <sys/param.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#if defined(__FreeBSD__)
#include <sys/cpuset.h>
#endif

#include "platform/platform.hpp"
#include "platform/process_title.hpp"
#include "platform/process_tuning.hpp"

namespace cairn::platform {

void init_process_title(int, char**) {}

bool set_process_title(const std::string& title) {
#if defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__) || defined(__DragonFly__)
    setproctitle("%s", title.c_str());
    return true;
#else
    (void)title;
    return false;  // macOS has no process title
#endif
}

bool has_oom_score_adj() {
    return false;
}
bool read_oom_score_adj(int&, std::string& err) {
    err = "not supported on this system";
    return false;
}
bool write_oom_score_adj(int, std::string& err) {
    err = "not supported on this system";
    return false;
}

bool has_cpu_affinity() {
#if defined(__FreeBSD__)
    return true;
#else
    return false;
#endif
}

bool set_thread_cpu_affinity(const std::vector<int>& cpus, std::string& err) {
#if defined(__FreeBSD__)
    cpuset_t set;
    CPU_ZERO(&set);
    for (int cpu : cpus) {
        if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &set);
    }
    if (cpuset_setaffinity(CPU_LEVEL_WHICH, CPU_WHICH_TID, -1, sizeof set, &set) != 0) {
        err = error_text(errno);
        return false;
    }
    return true;
#else
    (void)cpus;
    err = "not supported on this system";
    return false;
#endif
}

}  // namespace cairn::platform

// Windows: the console window's title as the process title, SetThreadAffinityMask for the
// first 64 CPUs. No OOM score (that is Linux's).
#include <windows.h>

#include "platform/process_title.hpp"
#include "platform/process_tuning.hpp"
#include "platform/win32_text.hpp"

namespace cairn::platform {

void init_process_title(int, char**) {}

// A service has no console: false there.
bool set_process_title(const std::string& title) {
    return SetConsoleTitleW(win32::to_wide(title).c_str()) != 0;
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
    return true;
}

bool set_thread_cpu_affinity(const std::vector<int>& cpus, std::string& err) {
    DWORD_PTR mask = 0;
    for (int cpu : cpus) {
        if (cpu >= 0 && cpu < 64) mask |= DWORD_PTR{1} << cpu;
    }
    if (mask == 0 || SetThreadAffinityMask(GetCurrentThread(), mask) == 0) {
        err = mask == 0 ? "no CPU below 64 in the list" : win32::error_text(GetLastError());
        return false;
    }
    return true;
}

}  // namespace cairn::platform

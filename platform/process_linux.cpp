// Linux: the process title in argv's memory, /proc/self/oom_score_adj, thread affinity.
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "platform/platform.hpp"
#include "platform/process_title.hpp"
#include "platform/process_tuning.hpp"

extern char** environ;

namespace cairn::platform {

namespace {

char* g_title_area = nullptr;  // argv[0] .. the end of the last environment string
size_t g_title_room = 0;

// The end of the run of strings that directly follow each other from `end` on.
char* extend_over(char* end, char** strings, int count) {
    for (int i = 0; i < count && strings[i]; i++) {
        if (strings[i] == end) end = strings[i] + std::strlen(strings[i]) + 1;
    }
    return end;
}

}  // namespace

void init_process_title(int argc, char** argv) {
    if (argc <= 0 || !argv[0]) return;
    char* end = extend_over(argv[0], argv, argc);
    int env_count = 0;
    while (environ && environ[env_count]) env_count++;
    end = extend_over(end, environ, env_count);
    // The environment moves to the heap, so the title may use its old place.
    char** moved =
        static_cast<char**>(std::calloc(static_cast<size_t>(env_count) + 1, sizeof(char*)));
    if (!moved) return;
    for (int i = 0; i < env_count; i++) moved[i] = strdup(environ[i]);
    environ = moved;
    // glibc's error messages name the program through these; they pointed into argv.
    program_invocation_name = strdup(program_invocation_name);
    program_invocation_short_name = strdup(program_invocation_short_name);
    g_title_area = argv[0];
    g_title_room = static_cast<size_t>(end - argv[0]);
}

bool set_process_title(const std::string& title) {
    if (!g_title_area || g_title_room < 2) return false;
    const size_t n = title.size() < g_title_room - 1 ? title.size() : g_title_room - 1;
    std::memcpy(g_title_area, title.data(), n);
    std::memset(g_title_area + n, 0, g_title_room - n);
    return true;
}

bool has_oom_score_adj() {
    return true;
}

bool read_oom_score_adj(int& value, std::string& err) {
    const int fd = open("/proc/self/oom_score_adj", O_RDONLY);
    char buf[32] = {};
    const ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    const int saved = errno;
    if (fd >= 0) close(fd);
    if (n < 0) {
        err = error_text(saved);
        return false;
    }
    value = std::atoi(buf);
    return true;
}

bool write_oom_score_adj(int value, std::string& err) {
    const int fd = open("/proc/self/oom_score_adj", O_WRONLY);
    const std::string text = std::to_string(value) + "\n";
    const ssize_t n = fd < 0 ? -1 : write(fd, text.data(), text.size());
    const int saved = errno;
    if (fd >= 0) close(fd);
    if (n < 0) {
        err = error_text(saved);
        return false;
    }
    return true;
}

bool has_cpu_affinity() {
    return true;
}

bool set_thread_cpu_affinity(const std::vector<int>& cpus, std::string& err) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : cpus) {
        if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &set);
    }
    const int rc = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    if (rc != 0) {
        err = error_text(rc);
        return false;
    }
    return true;
}

}  // namespace cairn::platform

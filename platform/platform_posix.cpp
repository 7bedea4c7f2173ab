// The POSIX part of platform.hpp, shared by platform_linux.cpp and platform_bsd.cpp (macOS and
// the BSDs). Those files hold only memory accounting and default paths.

// sys/types.h and sys/socket.h first: older BSD headers do not include what they need.
#include <sys/types.h>

#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <sys/syslimits.h>  // OPEN_MAX
#endif

#include <cerrno>
#include <climits>
#include <cstring>

#include "platform/platform.hpp"

namespace cairn::platform {

void process_cpu_seconds(double& user, double& sys) {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    user = static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6;
    sys = static_cast<double>(ru.ru_stime.tv_sec) + ru.ru_stime.tv_usec / 1e6;
}

bool thread_cpu_seconds(double& user, double& sys) {
#ifdef RUSAGE_THREAD
    rusage ru{};
    if (getrusage(RUSAGE_THREAD, &ru) != 0) return false;
    user = static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6;
    sys = static_cast<double>(ru.ru_stime.tv_sec) + ru.ru_stime.tv_usec / 1e6;
    return true;
#else
    (void)user;
    (void)sys;
    return false;
#endif
}

bool has_fd_limit() {
    return true;
}

uint64_t fd_limit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
    return rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(rl.rlim_cur);
}

uint64_t raise_fd_limit(uint64_t wanted) {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
    // rlim_t is signed on FreeBSD, hence the casts.
    if (rl.rlim_cur != RLIM_INFINITY && static_cast<uint64_t>(rl.rlim_cur) < wanted) {
        // Like Redis: try the wanted value, then step down until the kernel accepts one.
        rlim_t target = static_cast<rlim_t>(wanted);
        if (rl.rlim_max != RLIM_INFINITY && target > rl.rlim_max && geteuid() != 0)
            target = rl.rlim_max;
#if defined(__APPLE__)
        // macOS rejects a soft limit above OPEN_MAX with EINVAL even when the hard limit is
        // higher (setrlimit(2), COMPATIBILITY); its man page says to use min(OPEN_MAX, rlim_max).
        if (target > OPEN_MAX) target = OPEN_MAX;
#endif
        while (target > rl.rlim_cur) {
            rlimit attempt = rl;
            attempt.rlim_cur = target;
            if (attempt.rlim_max != RLIM_INFINITY && attempt.rlim_max < target)
                attempt.rlim_max = target;
            if (setrlimit(RLIMIT_NOFILE, &attempt) == 0) break;
            target = target > 16 ? target - 16 : rl.rlim_cur;
        }
    }
    return fd_limit();
}

namespace {

[[maybe_unused]] bool keepalive_option(int fd, int option, int value, std::string& err) {
    if (setsockopt(fd, IPPROTO_TCP, option, &value, sizeof(value)) != 0) {
        err = std::strerror(errno);
        return false;
    }
    return true;
}

}  // namespace

// Like Redis's anetKeepAlive. The per-socket options are tested by name rather than by OS:
// Linux, FreeBSD and NetBSD have TCP_KEEPIDLE, macOS calls it TCP_KEEPALIVE, and OpenBSD has
// none of them (only system-wide sysctls), so there only SO_KEEPALIVE is set.
bool set_tcp_keepalive(std::intptr_t socket, int seconds, std::string& err) {
    int fd = static_cast<int>(socket);
    int on = seconds > 0 ? 1 : 0;
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) != 0) {
        err = std::strerror(errno);
        return false;
    }
    if (!on) return true;
    [[maybe_unused]] int idle = seconds;
    [[maybe_unused]] int interval = seconds / 3 > 0 ? seconds / 3 : 1;
    [[maybe_unused]] int probes = 3;
#if defined(TCP_KEEPIDLE)
    if (!keepalive_option(fd, TCP_KEEPIDLE, idle, err)) return false;
#elif defined(TCP_KEEPALIVE)
    if (!keepalive_option(fd, TCP_KEEPALIVE, idle, err)) return false;
#endif
#if defined(TCP_KEEPINTVL)
    if (!keepalive_option(fd, TCP_KEEPINTVL, interval, err)) return false;
#endif
#if defined(TCP_KEEPCNT)
    if (!keepalive_option(fd, TCP_KEEPCNT, probes, err)) return false;
#endif
    return true;
}

int process_id() {
    return static_cast<int>(getpid());
}

std::string os_description() {
    utsname u{};
    // uname() can only fail on a bad pointer.
    if (uname(&u) != 0) return "unknown";
    return std::string(u.sysname) + " " + u.release + " " + u.machine;
}

int arch_bits() {
    return static_cast<int>(sizeof(void*) * 8);
}

std::string hostname() {
    char buf[256] = {};
    if (gethostname(buf, sizeof(buf) - 1) != 0) return "";
    return buf;
}

bool change_directory(const std::string& path, std::string& err) {
    if (chdir(path.c_str()) != 0) {
        err = std::strerror(errno);
        return false;
    }
    return true;
}

std::string current_directory() {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof(buf))) return "";
    return buf;
}

std::string absolute_path(const std::string& path, const std::string& base) {
    if (!path.empty() && path[0] == '/') return path;
    return base + "/" + path;
}

bool has_unix_sockets() {
    return true;
}

bool set_file_mode(const std::string& path, int mode, std::string& err) {
    if (chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) {
        err = std::strerror(errno);
        return false;
    }
    return true;
}

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) != 0;
}

void local_time(std::time_t t, std::tm& out) {
    localtime_r(&t, &out);
}

// Callers pass errno values.
std::string error_text(int code) {
    return std::strerror(code);
}

bool copy_file_owner(const std::string& path, std::intptr_t fd, std::string& err) {
    struct stat want {};
    if (::stat(path.c_str(), &want) != 0) return true;  // a new file: the creator owns it
    struct stat have {};
    if (::fstat(static_cast<int>(fd), &have) != 0) {
        err = std::strerror(errno);
        return false;
    }
    if (have.st_uid == want.st_uid && have.st_gid == want.st_gid) return true;
    if (::fchown(static_cast<int>(fd), want.st_uid, want.st_gid) != 0) {
        err = std::strerror(errno);
        return false;
    }
    return true;
}

bool file_was_moved(std::FILE* f, const std::string& path) {
    struct stat open_file {};
    if (::fstat(fileno(f), &open_file) != 0) return false;
    struct stat at_path {};
    if (::stat(path.c_str(), &at_path) != 0) return errno == ENOENT;
    return open_file.st_ino != at_path.st_ino || open_file.st_dev != at_path.st_dev;
}

uint64_t total_system_memory() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return 0;
    return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
}

}  // namespace cairn::platform

#include "service/notify_socket.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace cairn::service::detail {

namespace {

bool parse_u64(const char* s, uint64_t& out) {
    if (s == nullptr || *s == '\0') return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || s[0] == '-') return false;
    out = v;
    return true;
}

}  // namespace

int send_notify_datagram(std::string_view state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (path == nullptr || *path == '\0') return 0;
    const size_t len = std::strlen(path);
    // Only absolute paths and abstract names, as sd_notify.
    if ((path[0] != '/' && path[0] != '@') || len < 2) return -EINVAL;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (len > sizeof(addr.sun_path)) return -EINVAL;
    std::memcpy(addr.sun_path, path, len);
    if (path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
    const socklen_t addr_len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len);

    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    ssize_t n = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                         reinterpret_cast<const sockaddr*>(&addr), addr_len);
    int e = n < 0 ? errno : 0;
    ::close(fd);
    if (n < 0) return -e;
    return 1;
}

int watchdog_enabled_from_env(uint64_t& usec) {
    const char* s = std::getenv("WATCHDOG_USEC");
    if (s == nullptr) return 0;
    uint64_t value = 0;
    if (!parse_u64(s, value) || value == 0) return -EINVAL;
    if (const char* p = std::getenv("WATCHDOG_PID")) {
        uint64_t pid = 0;
        if (!parse_u64(p, pid) || pid == 0) return -EINVAL;
        if (pid != static_cast<uint64_t>(::getpid())) return 0;  // meant for another process
    }
    usec = value;
    return 1;
}

}  // namespace cairn::service::detail

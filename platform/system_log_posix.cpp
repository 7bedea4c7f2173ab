// syslog(3), opened as Redis does (LOG_PID | LOG_NDELAY | LOG_NOWAIT).
#include <syslog.h>

#include <array>
#include <utility>

#include "platform/system_log.hpp"

namespace cairn::platform {

namespace {

std::string g_ident;  // openlog keeps the pointer

constexpr std::array<std::pair<std::string_view, int>, 9> kFacilities{{
    {"user", LOG_USER},
    {"local0", LOG_LOCAL0},
    {"local1", LOG_LOCAL1},
    {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4},
    {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6},
    {"local7", LOG_LOCAL7},
}};

}  // namespace

bool system_log_has_facilities() {
    return true;
}

bool open_system_log(const std::string& ident, std::string_view facility, std::string& err) {
    for (const auto& [name, value] : kFacilities) {
        if (name != facility) continue;
        g_ident = ident;
        openlog(g_ident.c_str(), LOG_PID | LOG_NDELAY | LOG_NOWAIT, value);
        return true;
    }
    err = "unknown syslog facility";
    return false;
}

void write_system_log(int level, std::string_view message) {
    static constexpr int kPriority[] = {LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING};
    syslog(kPriority[level < 0   ? 0
                     : level > 3 ? 3
                                 : level],
           "%.*s", static_cast<int>(message.size()), message.data());
}

}  // namespace cairn::platform

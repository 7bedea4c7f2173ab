#include "server/banner.hpp"

#include <cstdio>
#include <string_view>

#include "platform/platform.hpp"
#include "server/log.hpp"

namespace cairn {

void log_startup_banner(const config::Config& cfg, int pid, std::string_view backend) {
    const bool show_logo = cfg.always_show_logo || (!cfg.syslog_enabled && cfg.logfile.empty() &&
                                                    platform::stdout_is_terminal());
    if (!show_logo) {
        log(LogLevel::Notice,
            "Cairn %s (Redis %s compatible) %d bit, standalone mode, port %d, "
            "multiplexing %.*s, PID: %d",
            CAIRN_VERSION, CAIRN_REDIS_COMPAT_VERSION, platform::arch_bits(), cfg.port,
            static_cast<int>(backend.size()), backend.data(), pid);
        return;
    }
    if (!logger().enabled(LogLevel::Notice)) return;
    char buf[1024];
    // A cairn: stones stacked to mark a way.
    const int n = std::snprintf(
        buf, sizeof buf,
        "\n"
        "                  .---.\n"
        "                 (_____)               Cairn %s (Redis %s compatible) %d bit\n"
        "               .-'     '-.\n"
        "              (___________)            Running in standalone mode\n"
        "            .-'           '-.          Port: %d\n"
        "           (_________________)         PID: %d\n"
        "         .-'                 '-.\n"
        "        (_______________________)      multiplexing %.*s\n"
        "\n",
        CAIRN_VERSION, CAIRN_REDIS_COMPAT_VERSION, platform::arch_bits(), cfg.port, pid,
        static_cast<int>(backend.size()), backend.data());
    if (n > 0) logger().raw(std::string_view(buf, static_cast<size_t>(n)));
}

}  // namespace cairn

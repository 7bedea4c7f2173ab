// Platforms without sd_notify or upstart (Windows reports to its SCM whatever the directive
// says): supervision is never active, as in a Redis built without libsystemd.
#include "service/supervision.hpp"

namespace cairn::service {

std::vector<SupervisionLog> start_supervision(std::string_view mode) {
    std::vector<SupervisionLog> logs;
    if (mode == "systemd" || mode == "auto") {
        logs.push_back({true, false,
                        "systemd supervision requested or auto-detected, but Cairn is compiled "
                        "without libsystemd support!"});
    } else if (mode == "upstart") {
        logs.push_back({true, false, "upstart supervision requested, but UPSTART_JOB not found!"});
    }
    return logs;
}

bool supervised_by_systemd() {
    return false;
}

uint64_t watchdog_interval_us() {
    return 0;
}

void watchdog_tick() {}

}  // namespace cairn::service

// The `supervised no|upstart|systemd|auto` handshake (Redis's redisIsSupervised) and the
// service manager's watchdog. Only Linux has an implementation that does something
// (supervision_systemd.cpp); elsewhere (Windows uses its SCM whatever the directive says)
// supervision_none.cpp reports that the requested supervision is unavailable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::service {

// A line for the server's log: the service layer sits below the logger.
struct SupervisionLog {
    bool warning = false;  // LL_WARNING, else LL_NOTICE / LL_VERBOSE
    bool verbose = false;  // LL_VERBOSE
    std::string text;
};

// Decides from the directive and the environment (NOTIFY_SOCKET, UPSTART_JOB) whether the
// server reports to a service manager, as Redis does at startup: "systemd" with
// NOTIFY_SOCKET unset logs a warning and is ignored; "auto" picks upstart or systemd from
// the environment. Sends "STATUS=Cairn is loading..." when systemd supervision starts.
// Returns the log lines to print. After this, notify_status/ready/stopping (readiness.hpp)
// reach systemd only if supervision is active.
std::vector<SupervisionLog> start_supervision(std::string_view mode);

// Whether start_supervision() found a service manager to report to.
bool supervised_by_systemd();

// The service manager's watchdog interval (WATCHDOG_USEC for this process), 0 = none.
uint64_t watchdog_interval_us();

// Called from the server cron: sends WATCHDOG=1 when half the interval has passed since the
// last one (steady clock).
void watchdog_tick();

}  // namespace cairn::service

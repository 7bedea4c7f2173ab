// systemd's notification protocol without libsystemd: one AF_UNIX datagram to
// $NOTIFY_SOCKET (a path, or "@name" for the abstract namespace). Used when the build has no
// libsystemd, and tested against a socket bound by the test.
#pragma once

#include <cstdint>
#include <string_view>

namespace cairn::service::detail {

// Same contract as sd_notify(0, state): 1 sent, 0 no NOTIFY_SOCKET, negative errno on
// failure.
int send_notify_datagram(std::string_view state);

// Same contract as sd_watchdog_enabled(0, &usec): 1 with usec set when WATCHDOG_USEC is set
// (and WATCHDOG_PID, if set, is this process), 0 when not, negative errno when invalid.
int watchdog_enabled_from_env(uint64_t& usec);

}  // namespace cairn::service::detail

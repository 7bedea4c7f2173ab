// The startup banner: the ASCII logo (always-show-logo, or standard output on a terminal
// without syslog, as Redis decides), else one summary line. Both carry " PID: <pid>", which
// tools that start the server parse.
#pragma once

#include <string_view>

#include "config/config.hpp"

namespace cairn {

// backend: the event loop's wait (Server::multiplexing_api).
void log_startup_banner(const config::Config& cfg, int pid, std::string_view backend);

}  // namespace cairn

// Directive rows whose values need their own parsing and printing: bind, unixsocketperm,
// hz, dir, save, client-output-buffer-limit, notify-keyspace-events, maxmemory,
// shutdown-on-sigint, shutdown-on-sigterm.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace cairn::config::detail {

Directive bind_directive();
Directive unixsocketperm_directive();
Directive hz_directive();
Directive dir_directive();
Directive save_directive();
Directive client_output_buffer_limit_directive();
Directive notify_keyspace_events_directive();
Directive maxmemory_directive();
// shutdown-on-sigint / shutdown-on-sigterm, stored as ShutdownOnSignal bits in flags.
Directive shutdown_on_signal_directive(std::string_view name, int Config::*flags);
Directive latency_tracking_info_percentiles_directive();
// A percentile as CONFIG GET and INFO latencystats print it ("%f" without trailing zeros).
std::string latency_percentile_text(double p);

// A "save" line in a config file: Redis appends the points of every save line, except that
// the first save line of the load replaces the defaults and `save ""` clears the list.
// first_save_line is set to false once a save line was applied.
bool load_save_line(Config& cfg, const std::vector<std::string>& args, bool& first_save_line,
                    std::string& err);

}  // namespace cairn::config::detail

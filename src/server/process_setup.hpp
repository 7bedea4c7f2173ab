// The directives that act on the process rather than on the data: the process title
// (set-proc-title, proc-title-template), the OOM-killer score (oom-score-adj,
// oom-score-adj-values), the event loop's CPUs (server_cpulist), the system log
// (syslog-*), the crash report and the software watchdog. The OS side is in platform/.
#pragma once

#include <string>

#include "config/config.hpp"

namespace cairn {

// Sets the title from proc-title-template (when set-proc-title is on). title_name is argv[0]
// as the server was started, config_file its config file ("" for none). False when the
// template does not expand (CONFIG SET's "failed to set process title").
bool update_process_title(const config::Config& cfg, const std::string& title_name,
                          const std::string& config_file);

// Writes the process's OOM score as Redis's setOOMScoreAdj for a master: the master value,
// relative to the score the process started with or absolute; back to that first score when
// oom-score-adj is turned off. False with err (logged) when the score cannot be written.
bool apply_oom_score_adj(const config::Config& cfg, std::string& err);

// Binds the calling thread to a *_cpulist value ("" leaves it alone); a failure is logged.
void bind_thread_to_cpus(const std::string& cpulist, const char* directive);

// syslog-enabled: from now on log lines also go to the system log.
void start_system_log(const config::Config& cfg);

// crash-log-enabled, crash-memcheck-enabled, use-exit-on-panic.
void install_crash_report(const config::Config& cfg);

// watchdog-period, raised to two cron periods as Redis does (the value CONFIG GET shows).
void apply_watchdog_period(config::Config& cfg);

}  // namespace cairn

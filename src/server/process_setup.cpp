#include "server/process_setup.hpp"

#include <algorithm>
#include <vector>

#include "config/proc_title.hpp"
#include "platform/crash_report.hpp"
#include "platform/process_title.hpp"
#include "platform/process_tuning.hpp"
#include "platform/system_log.hpp"
#include "server/log.hpp"
#include "util/cpu_list.hpp"

namespace cairn {

bool update_process_title(const config::Config& cfg, const std::string& title_name,
                          const std::string& config_file) {
    if (!cfg.set_proc_title) return true;
    config::ProcTitleValues v;
    v.title = title_name;
    if (cfg.port != 0) {
        v.listen_addr = (cfg.bind.empty() ? "*" : cfg.bind[0]) + ":" + std::to_string(cfg.port);
    } else {
        v.listen_addr = "unixsocket:" + cfg.unixsocket;
    }
    v.config_file = config_file.empty() ? "-" : config_file;
    v.port = std::to_string(cfg.port);
    v.tls_port = "0";
    v.unixsocket = cfg.unixsocket;
    std::string title;
    if (!config::expand_proc_title(cfg.proc_title_template, v, title)) return false;
    static bool warned = false;
    if (!platform::set_process_title(title) && !warned) {
        warned = true;
        log(LogLevel::Verbose, "set-proc-title: this system has no process title to set");
    }
    return true;
}

bool apply_oom_score_adj(const config::Config& cfg, std::string& err) {
    // The score the process had before Cairn first changed it, restored when turned off.
    static bool adjusted = false;
    static int base = 0;
    int value = 0;
    if (cfg.oom_score_adj != "no") {
        if (!adjusted) {
            if (!platform::read_oom_score_adj(base, err)) {
                log(LogLevel::Warning, "Unable to read oom_score_adj: %s", err.c_str());
                return false;
            }
            adjusted = true;
        }
        value = cfg.oom_score_adj_values[0];
        if (cfg.oom_score_adj == "yes") value += base;  // relative
        value = std::clamp(value, -1000, 1000);
    } else if (adjusted) {
        adjusted = false;
        value = base;
    } else {
        return true;
    }
    if (!platform::write_oom_score_adj(value, err)) {
        log(LogLevel::Warning, "Unable to write oom_score_adj: %s", err.c_str());
        return false;
    }
    return true;
}

void bind_thread_to_cpus(const std::string& cpulist, const char* directive) {
    std::vector<int> cpus;
    if (cpulist.empty() || !util::parse_cpu_list(cpulist, cpus)) return;
    std::string err;
    if (!platform::set_thread_cpu_affinity(cpus, err)) {
        log(LogLevel::Warning, "%s '%s' could not be applied: %s", directive, cpulist.c_str(),
            err.c_str());
    }
}

void start_system_log(const config::Config& cfg) {
    if (!cfg.syslog_enabled) return;
    std::string err;
    if (!platform::open_system_log(cfg.syslog_ident, cfg.syslog_facility, err)) {
        log(LogLevel::Warning, "Can't open the system log: %s", err.c_str());
        return;
    }
    logger().set_system_log(true);
}

void install_crash_report(const config::Config& cfg) {
    platform::CrashReportOptions o;
    o.enabled = cfg.crash_log_enabled;
    o.memcheck = cfg.crash_memcheck_enabled;
    o.exit_on_panic = cfg.use_exit_on_panic;
    set_panic_exit(cfg.use_exit_on_panic, cfg.crash_log_enabled);
    platform::set_crash_report(o, logger().file(),
                               "Cairn " CAIRN_VERSION " (Redis " CAIRN_REDIS_COMPAT_VERSION
                               " compatible)");
}

void apply_watchdog_period(config::Config& cfg) {
    if (cfg.watchdog_period > 0) {
        const int min_period = (1000 / std::max(cfg.hz, 1)) * 2;
        cfg.watchdog_period = std::max(cfg.watchdog_period, min_period);
    }
    platform::set_watchdog(cfg.watchdog_period);
}

}  // namespace cairn

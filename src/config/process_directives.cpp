#include "config/process_directives.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

#include "config/values.hpp"
#include "platform/crash_report.hpp"
#include "platform/process_tuning.hpp"
#include "platform/system_log.hpp"
#include "util/cpu_list.hpp"
#include "util/strings.hpp"

namespace cairn::config::detail {

namespace {

constexpr long long kIntMax = 2147483647LL;
constexpr std::string_view kNotOnThisOs = "not supported on this operating system";

Directive special_row(std::string_view name, std::string_view def, Apply apply, int arity,
                      bool runtime_mutable) {
    Directive d{};
    d.name = name;
    d.kind = Kind::Special;
    d.default_value = def;
    d.apply = apply;
    d.arity = arity;
    d.runtime_mutable = runtime_mutable;
    return d;
}

// ---- oom-score-adj: "yes" and "relative" are one mode, CONFIG GET prints "yes" ----

constexpr std::array<std::string_view, 4> kOomModes{"no", "yes", "relative", "absolute"};

bool set_oom_score_adj(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() == 1) {
        for (std::string_view mode : kOomModes) {
            if (!util::iequals(mode, args[0])) continue;
            if (mode != "no" && !platform::has_oom_score_adj()) {
                err = "oom-score-adj is " + std::string(kNotOnThisOs);
                return false;
            }
            cfg.oom_score_adj = mode == "relative" ? "yes" : std::string(mode);
            return true;
        }
    }
    err = enum_error(kOomModes.data(), kOomModes.size());
    return false;
}

// ---- oom-score-adj-values: master, replica, background child, each -2000..2000 ----

bool set_oom_values(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() != cfg.oom_score_adj_values.size()) {
        err = kErrArgCount;
        return false;
    }
    std::array<int, 3> values{};
    for (size_t i = 0; i < args.size(); i++) {
        long long v = 0;
        if (!util::string_to_ll(args[i], v) || v < -2000 || v > 2000) {
            err = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
            return false;
        }
        values[i] = static_cast<int>(v);
    }
    cfg.oom_score_adj_values = values;
    return true;
}

std::string get_oom_values(const Config& cfg) {
    const auto& v = cfg.oom_score_adj_values;
    return std::to_string(v[0]) + " " + std::to_string(v[1]) + " " + std::to_string(v[2]);
}

// ---- syslog-facility ----

constexpr std::array<std::string_view, 9> kFacilities{
    "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};

bool set_syslog_facility(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() == 1) {
        for (std::string_view f : kFacilities) {
            if (!util::iequals(f, args[0])) continue;
            if (f != "local0" && !platform::system_log_has_facilities()) {
                err = "syslog-facility: the system log here has no facilities";
                return false;
            }
            cfg.syslog_facility = std::string(f);
            return true;
        }
    }
    err = enum_error(kFacilities.data(), kFacilities.size());
    return false;
}

// ---- watchdog-period (hidden): milliseconds, 0 = off ----

bool set_watchdog_period(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    long long v = 0;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!util::string_to_ll(args[0], v)) {
        err = kErrInteger;
        return false;
    }
    if (v < 0 || v > kIntMax) {
        err = bounds_error(0, kIntMax);
        return false;
    }
    if (v != 0 && !platform::has_watchdog()) {
        err = "watchdog-period is " + std::string(kNotOnThisOs);
        return false;
    }
    cfg.watchdog_period = static_cast<int>(v);
    return true;
}

}  // namespace

Directive oom_score_adj_directive() {
    Directive d = special_row("oom-score-adj", "no", Apply::OomScore, 1, true);
    d.kind = Kind::Enum;
    d.enum_values.assign(kOomModes.begin(), kOomModes.end());
    d.get = [](const Config& cfg) { return cfg.oom_score_adj; };
    d.set = set_oom_score_adj;
    return d;
}

Directive oom_score_adj_values_directive() {
    Directive d = special_row("oom-score-adj-values", "0 200 800", Apply::OomScore, -1, true);
    d.get = get_oom_values;
    d.set = set_oom_values;
    return d;
}

Directive syslog_facility_directive() {
    Directive d = special_row("syslog-facility", "local0", Apply::None, 1, false);
    d.kind = Kind::Enum;
    d.enum_values.assign(kFacilities.begin(), kFacilities.end());
    d.get = [](const Config& cfg) { return cfg.syslog_facility; };
    d.set = set_syslog_facility;
    return d;
}

Directive watchdog_period_directive() {
    Directive d = special_row("watchdog-period", "0", Apply::Watchdog, 1, true);
    d.kind = Kind::Int;
    d.min = 0;
    d.max = kIntMax;
    d.hidden = true;
    d.get = [](const Config& cfg) { return std::to_string(cfg.watchdog_period); };
    d.set = set_watchdog_period;
    return d;
}

bool valid_cpulist(const std::string& value, std::string& err) {
    if (value.empty()) return true;
    std::vector<int> cpus;
    if (!util::parse_cpu_list(value, cpus)) {
        err = "invalid CPU list";
        return false;
    }
    if (!platform::has_cpu_affinity()) {
        err = "CPU affinity is " + std::string(kNotOnThisOs);
        return false;
    }
    return true;
}

}  // namespace cairn::config::detail

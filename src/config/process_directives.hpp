// Directive rows about the process and the OS rather than the data: oom-score-adj,
// oom-score-adj-values, syslog-facility, the *_cpulist lists and watchdog-period, whose
// values are refused where the OS cannot honour them (platform/).
#pragma once

#include <string>

#include "config/config.hpp"

namespace cairn::config::detail {

Directive oom_score_adj_directive();
Directive oom_score_adj_values_directive();
Directive syslog_facility_directive();
Directive watchdog_period_directive();
// A *_cpulist value: "" or a CPU list (util/cpu_list.hpp) on an OS with thread affinity.
bool valid_cpulist(const std::string& value, std::string& err);

}  // namespace cairn::config::detail

// crash-log-enabled: a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT; an unhandled
// exception on Windows) writes a bug report to the log as Redis does ("... crashed by
// signal: N", a stack trace where the system gives one), then the process dies as it would
// have without the report. Also the software watchdog (watchdog-period), which writes a
// stack trace when the event loop has not come back for a while.
#pragma once

#include <cstdio>

namespace cairn::platform {

struct CrashReportOptions {
    bool enabled = true;  // crash-log-enabled: write the report
    // crash-memcheck-enabled: after the report, a fast test of the process's anonymous
    // memory (Linux, as Redis's memtest of /proc/self/maps; elsewhere the report says so).
    bool memcheck = true;
    bool exit_on_panic = false;  // use-exit-on-panic: _exit(1) instead of dying of the signal
};

// product: the name and version the report starts with (copied; at most 120 bytes).
// log: where the report goes (the log file, or stdout), written to unbuffered.
void set_crash_report(const CrashReportOptions& options, std::FILE* log, const char* product);

// Whether the software watchdog exists here (POSIX: SIGALRM; not Windows).
bool has_watchdog();
// period_ms > 0: from now on, if arm_watchdog is not called again within period_ms, the
// stack trace of the event loop goes to the log ("--- WATCHDOG TIMER EXPIRED ---").
// 0: off.
void set_watchdog(int period_ms);
void arm_watchdog(int period_ms);

}  // namespace cairn::platform

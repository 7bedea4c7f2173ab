// crash-log-enabled: a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT; an unhandled
// exception on Windows) writes a bug report to the log as Redis does ("... crashed by
// signal: N", a stack trace where the system gives one), then the process dies as it would
// have without the report.
#pragma once

#include <cstdio>

namespace cairn::platform {

// product: the name and version the report starts with (copied; at most 120 bytes).
// log: where the report goes (the log file, or stdout), written to unbuffered.
void set_crash_report(bool enabled, std::FILE* log, const char* product);

}  // namespace cairn::platform

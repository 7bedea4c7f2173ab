// Windows crash report: an unhandled-exception filter that writes the report with the CRT's
// _write (no allocation), then lets the default handling end the process.
#include <io.h>
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "platform/crash_report.hpp"

namespace cairn::platform {

namespace {

int g_fd = 1;
char g_product[128] = "Cairn";
CrashReportOptions g_options{.enabled = false};

void put(const char* s) {
    _write(g_fd, s, static_cast<unsigned>(std::strlen(s)));
}

void put_hex(unsigned long long v) {
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++) {
        const unsigned digit = static_cast<unsigned>((v >> (60 - 4 * i)) & 0xf);
        buf[2 + i] = static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10);
    }
    buf[18] = '\0';
    put(buf);
}

LONG WINAPI on_crash(EXCEPTION_POINTERS* info) {
    if (!g_options.enabled) return EXCEPTION_CONTINUE_SEARCH;
    put("\n\n=== CAIRN BUG REPORT START: Cut & paste starting from here ===\n");
    put(g_product);
    put(" crashed by exception: ");
    put_hex(info && info->ExceptionRecord ? info->ExceptionRecord->ExceptionCode : 0);
    put(" at ");
    put_hex(info && info->ExceptionRecord
                ? reinterpret_cast<unsigned long long>(info->ExceptionRecord->ExceptionAddress)
                : 0);
    if (g_options.memcheck)
        put("\n------ FAST MEMORY TEST ------\n(no memory test on this system)\n");
    put("\n=== CAIRN BUG REPORT END. Make sure to include from START to END. ===\n\n");
    if (g_options.exit_on_panic) std::_Exit(1);
    return EXCEPTION_CONTINUE_SEARCH;
}

}  // namespace

void set_crash_report(const CrashReportOptions& options, std::FILE* log, const char* product) {
    g_fd = _fileno(log);
    std::strncpy(g_product, product, sizeof g_product - 1);
    g_options = options;
    SetUnhandledExceptionFilter(on_crash);
}

// Windows has no SIGALRM; watchdog-period is refused there (config/process_directives.cpp).
bool has_watchdog() {
    return false;
}
void set_watchdog(int) {}
void arm_watchdog(int) {}

}  // namespace cairn::platform

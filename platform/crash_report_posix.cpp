// POSIX crash report: a sigaction handler that writes with write(2) only (async-signal-safe),
// plus backtrace() where the C library has it, as Redis's sigsegvHandler does.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#if defined(__GLIBC__) || defined(__APPLE__)
#include <execinfo.h>
#define CAIRN_HAVE_BACKTRACE 1
#endif

#include "platform/crash_report.hpp"

namespace cairn::platform {

namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
int g_fd = 1;
char g_product[128] = "Cairn";

void put(const char* s) {
    ssize_t ignored = write(g_fd, s, std::strlen(s));
    (void)ignored;
}

void put_int(long v) {
    char buf[24];
    char* p = buf + sizeof buf;
    *--p = '\0';
    const bool negative = v < 0;
    unsigned long u =
        negative ? 0ul - static_cast<unsigned long>(v) : static_cast<unsigned long>(v);
    do {
        *--p = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (negative) *--p = '-';
    put(p);
}

void on_crash(int sig, siginfo_t* info, void*) {
    put("\n\n=== CAIRN BUG REPORT START: Cut & paste starting from here ===\n");
    put_int(static_cast<long>(getpid()));
    put(":M # ");
    put(g_product);
    put(" crashed by signal: ");
    put_int(sig);
    put(", si_code: ");
    put_int(info ? info->si_code : 0);
    put("\n\n------ STACK TRACE ------\n");
#ifdef CAIRN_HAVE_BACKTRACE
    void* frames[100];
    const int n = backtrace(frames, 100);
    backtrace_symbols_fd(frames, n, g_fd);
#else
    put("(no stack trace on this system)\n");
#endif
    put("\n=== CAIRN BUG REPORT END. Make sure to include from START to END. ===\n\n");
    // Die of the same signal, with the default action (a core dump where enabled).
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);
}

}  // namespace

void set_crash_report(bool enabled, std::FILE* log, const char* product) {
    g_fd = fileno(log);
    std::strncpy(g_product, product, sizeof g_product - 1);
    struct sigaction act {};
    sigemptyset(&act.sa_mask);
    if (enabled) {
        act.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND;
        act.sa_sigaction = on_crash;
    } else {
        act.sa_handler = SIG_DFL;
    }
    for (int sig : kSignals) sigaction(sig, &act, nullptr);
}

}  // namespace cairn::platform

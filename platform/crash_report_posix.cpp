// POSIX crash report: a sigaction handler that writes with write(2) only (async-signal-safe),
// plus backtrace() where the C library has it, as Redis's sigsegvHandler does. The software
// watchdog is SIGALRM from setitimer(2), re-armed by the server's cron.
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
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
CrashReportOptions g_options;

void put(const char* s) {
    ssize_t ignored = write(g_fd, s, std::strlen(s));
    (void)ignored;
}

void put_number(unsigned long v, unsigned base) {
    char buf[24];
    char* p = buf + sizeof buf;
    *--p = '\0';
    do {
        *--p = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    put(p);
}

void put_int(long v) {
    if (v < 0) put("-");
    put_number(v < 0 ? 0ul - static_cast<unsigned long>(v) : static_cast<unsigned long>(v), 10);
}

void put_stack_trace() {
#ifdef CAIRN_HAVE_BACKTRACE
    void* frames[100];
    const int n = backtrace(frames, 100);
    backtrace_symbols_fd(frames, n, g_fd);
#else
    put("(no stack trace on this system)\n");
#endif
}

#if defined(__linux__)
// Redis's fast memory test: every anonymous read-write mapping is overwritten with patterns
// and read back, one chunk at a time, keeping its content in a backup it restores. The
// crashing thread's stack and the backup itself are left alone.
constexpr size_t kChunkWords = 4096;
uintptr_t g_backup[kChunkWords];

// Plain loops rather than memcpy, and no AddressSanitizer instrumentation: in an ASan build
// the regions tested include memory ASan itself watches.
__attribute__((no_sanitize("address"))) bool test_chunk(volatile uintptr_t* words, size_t n) {
    for (size_t i = 0; i < n; i++) g_backup[i] = words[i];
    bool ok = true;
    const uintptr_t patterns[] = {0, ~uintptr_t{0}, static_cast<uintptr_t>(0xaaaaaaaaaaaaaaaaULL),
                                  static_cast<uintptr_t>(0x5555555555555555ULL)};
    for (uintptr_t pattern : patterns) {
        for (size_t i = 0; i < n; i++) words[i] = pattern ^ reinterpret_cast<uintptr_t>(&words[i]);
        for (size_t i = 0; i < n; i++) {
            if (words[i] != (pattern ^ reinterpret_cast<uintptr_t>(&words[i]))) ok = false;
        }
    }
    for (size_t i = 0; i < n; i++) words[i] = g_backup[i];
    return ok;
}

// AddressSanitizer's shadow memory (x86-64 layout: 0x7fff8000 up to 0x10007fff8000) is
// terabytes of reserved address space that is not the program's data: an ASan build skips it.
bool sanitizer_region(uintptr_t start, uintptr_t end) {
#if defined(__SANITIZE_ADDRESS__) && defined(__x86_64__)
    return start < 0x10007fff8000ULL && end > 0x7fff7000ULL;
#else
    (void)start;
    (void)end;
    return false;
#endif
}

// One line of /proc/self/maps: "start-end perms offset dev inode [path]".
bool parse_map_line(const char* line, uintptr_t& start, uintptr_t& end) {
    if (std::strstr(line, "stack") || std::strstr(line, "vdso") || std::strstr(line, "vsyscall") ||
        std::strstr(line, "vvar"))
        return false;
    if (!std::strstr(line, " 00:00 ") || !std::strstr(line, " rw")) return false;
    char* p = nullptr;
    start = std::strtoul(line, &p, 16);
    if (*p != '-') return false;
    end = std::strtoul(p + 1, nullptr, 16);
    return end > start;
}

void memory_test() {
    put("\n------ FAST MEMORY TEST ------\n");
    const int maps = open("/proc/self/maps", O_RDONLY);
    if (maps < 0) return;
    const auto here = reinterpret_cast<uintptr_t>(&maps);
    const auto backup = reinterpret_cast<uintptr_t>(g_backup);
    static char text[256 * 1024];  // the whole maps file, read before any region is touched
    size_t len = 0;
    for (ssize_t n; (n = read(maps, text + len, sizeof text - 1 - len)) > 0;) len += n;
    close(maps);
    text[len] = '\0';
    int errors = 0;
    for (char* line = text; *line;) {
        char* next = std::strchr(line, '\n');
        if (next) *next = '\0';
        uintptr_t start = 0, end = 0;
        if (parse_map_line(line, start, end) && !sanitizer_region(start, end) &&
            !(here >= start && here < end) && !(backup >= start && backup < end) &&
            !(reinterpret_cast<uintptr_t>(text) >= start &&
              reinterpret_cast<uintptr_t>(text) < end)) {
            put("*** Preparing to test memory region ");
            put_number(start, 16);
            put(" (");
            put_number(end - start, 10);
            put(" bytes)\n");
            auto* words = reinterpret_cast<volatile uintptr_t*>(start);
            const size_t total = (end - start) / sizeof(uintptr_t);
            for (size_t i = 0; i < total; i += kChunkWords) {
                const size_t n = total - i < kChunkWords ? total - i : kChunkWords;
                if (!test_chunk(words + i, n)) errors++;
            }
        }
        if (!next) break;
        line = next + 1;
    }
    put(errors ? "!!! MEMORY ERROR DETECTED! Check your memory ASAP !!!\n"
               : "Fast memory test PASSED, however your memory can still be broken. Please run "
                 "a memory test for several hours if possible.\n");
}
#else
void memory_test() {
    put("\n------ FAST MEMORY TEST ------\n");
    put("(no memory test on this system)\n");
}
#endif

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
    put_stack_trace();
    if (g_options.memcheck) memory_test();
    put("\n=== CAIRN BUG REPORT END. Make sure to include from START to END. ===\n\n");
    if (g_options.exit_on_panic) std::_Exit(1);
    // Die of the same signal, with the default action (a core dump where enabled).
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);
}

void on_watchdog(int, siginfo_t*, void*) {
    put("\n--- WATCHDOG TIMER EXPIRED ---\n");
    put_stack_trace();
    put("--------\n\n");
}

}  // namespace

void set_crash_report(const CrashReportOptions& options, std::FILE* log, const char* product) {
    g_fd = fileno(log);
    g_options = options;
    std::strncpy(g_product, product, sizeof g_product - 1);
    struct sigaction act {};
    sigemptyset(&act.sa_mask);
    if (options.enabled) {
        act.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND;
        act.sa_sigaction = on_crash;
    } else {
        act.sa_handler = SIG_DFL;
    }
    for (int sig : kSignals) sigaction(sig, &act, nullptr);
}

bool has_watchdog() {
    return true;
}

void arm_watchdog(int period_ms) {
    struct itimerval it {};
    it.it_value.tv_sec = period_ms / 1000;
    it.it_value.tv_usec = (period_ms % 1000) * 1000;
    setitimer(ITIMER_REAL, &it, nullptr);  // one shot: the cron re-arms it
}

void set_watchdog(int period_ms) {
    struct sigaction act {};
    sigemptyset(&act.sa_mask);
    if (period_ms > 0) {
        act.sa_flags = SA_SIGINFO | SA_RESTART;
        act.sa_sigaction = on_watchdog;
    } else {
        act.sa_handler = SIG_IGN;  // also drops a pending SIGALRM
    }
    arm_watchdog(0);
    sigaction(SIGALRM, &act, nullptr);
    if (period_ms > 0) arm_watchdog(period_ms);
}

}  // namespace cairn::platform

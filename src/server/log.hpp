// Redis-style log lines: "pid:M 21 Nov 2026 19:09:57.123 * message".
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace cairn {

enum class LogLevel { Debug = 0, Verbose = 1, Notice = 2, Warning = 3 };

bool parse_log_level(std::string_view name, LogLevel& out);

class Logger {
public:
    // path "" = stdout. Returns false (with err) if the file cannot be opened.
    bool open(const std::string& path, std::string& err);
    void set_level(LogLevel l) { level_ = l; }
    bool enabled(LogLevel l) const { return l >= level_; }
    void write(LogLevel l, std::string_view msg);
    // Raw text without a prefix (the startup banner).
    void raw(std::string_view text);
    std::FILE* file() const { return file_ ? file_ : stdout; }  // where lines go
    // syslog-enabled: lines also go to the system log (opened by the caller, platform/).
    void set_system_log(bool on) { system_log_ = on; }

    ~Logger();

private:
    LogLevel level_ = LogLevel::Notice;
    // Reopens the log at path_ when it was renamed or removed (log rotation), in place, so
    // the crash report's pointer to it stays valid.
    void reopen_if_moved();

    std::string path_;
    std::FILE* file_ = nullptr;  // nullptr = stdout
    bool system_log_ = false;
};

Logger& logger();

// printf-style convenience: log(LogLevel::Notice, "Ready to accept connections %s", x)
void log(LogLevel level, const char* fmt, ...);

// How a panic (DEBUG PANIC, ASSERT, OOM) ends the process: abort(), whose signal writes the
// crash report when it is installed; with use-exit-on-panic the process then exits with
// status 1 instead of dying of the signal (no core dump), as Redis's bugReportEnd.
void set_panic_exit(bool exit_on_panic, bool crash_report_installed);
[[noreturn]] void panic_exit();

}  // namespace cairn

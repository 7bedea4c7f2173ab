#include "server/log.hpp"

#include <chrono>
#include <cstdarg>
#include <cstdlib>
#include <ctime>

#include "platform/platform.hpp"
#include "platform/system_log.hpp"

namespace cairn {

bool parse_log_level(std::string_view name, LogLevel& out) {
    if (name == "debug") {
        out = LogLevel::Debug;
    } else if (name == "verbose") {
        out = LogLevel::Verbose;
    } else if (name == "notice") {
        out = LogLevel::Notice;
    } else if (name == "warning") {
        out = LogLevel::Warning;
    } else {
        return false;
    }
    return true;
}

Logger::~Logger() {
    if (file_) std::fclose(file_);
}

bool Logger::open(const std::string& path, std::string& err) {
    if (path.empty()) {
        if (file_) std::fclose(file_);
        file_ = nullptr;
        return true;
    }
    std::FILE* f = std::fopen(path.c_str(), "a");
    if (!f) {
        err = "Can't open the log file: " + platform::error_text(errno);
        return false;
    }
    if (file_) std::fclose(file_);
    file_ = f;
    path_ = path;
    return true;
}

void Logger::reopen_if_moved() {
    // Redis opens the log for every line, so a rotated log is recreated at its path; this
    // keeps one stream and does the same when the file at the path is another one.
    if (!file_ || !platform::file_was_moved(file_, path_)) return;
    file_ = std::freopen(path_.c_str(), "a", file_);  // nullptr (stdout) if it cannot
}

void Logger::write(LogLevel l, std::string_view msg) {
    if (!enabled(l)) return;
    using namespace std::chrono;
    auto now = system_clock::now();
    std::time_t secs = system_clock::to_time_t(now);
    int ms = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
    std::tm tm{};
    platform::local_time(secs, tm);
    char date[64];
    size_t n = std::strftime(date, sizeof(date), "%d %b %Y %H:%M:%S", &tm);
    static const char kMarks[] = ".-*#";
    reopen_if_moved();
    std::FILE* out = file_ ? file_ : stdout;
    std::fprintf(out, "%d:M %.*s.%03d %c %.*s\n", platform::process_id(), static_cast<int>(n), date,
                 ms, kMarks[static_cast<int>(l)], static_cast<int>(msg.size()), msg.data());
    std::fflush(out);
    if (system_log_) platform::write_system_log(static_cast<int>(l), msg);
}

void Logger::raw(std::string_view text) {
    reopen_if_moved();
    std::FILE* out = file_ ? file_ : stdout;
    std::fwrite(text.data(), 1, text.size(), out);
    std::fflush(out);
}

Logger& logger() {
    static Logger instance;
    return instance;
}

void log(LogLevel level, const char* fmt, ...) {
    if (!logger().enabled(level)) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0) return;
    size_t len = static_cast<size_t>(n) < sizeof(buf) ? static_cast<size_t>(n) : sizeof(buf) - 1;
    logger().write(level, std::string_view(buf, len));
}

namespace {
bool g_exit_on_panic = false;
bool g_crash_report = false;
}  // namespace

void set_panic_exit(bool exit_on_panic, bool crash_report_installed) {
    g_exit_on_panic = exit_on_panic;
    g_crash_report = crash_report_installed;
}

void panic_exit() {
    // With the report installed, its SIGABRT handler writes it and then exits.
    if (g_exit_on_panic && !g_crash_report) {
        std::fflush(nullptr);
        std::_Exit(1);
    }
    std::abort();
}

}  // namespace cairn

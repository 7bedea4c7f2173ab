// cairn-server [configfile] [--directive value ...]: the same command line as redis-server.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "net/event_loop.hpp"
#include "platform/command_clock.hpp"
#include "platform/platform.hpp"
#include "platform/process_title.hpp"
#include "server/banner.hpp"
#include "server/log.hpp"
#include "server/process_setup.hpp"
#include "server/server.hpp"
#include "service/command_line.hpp"
#include "service/supervision.hpp"

namespace {

void print_usage() {
    std::fprintf(stderr,
                 "Usage: ./cairn-server [/path/to/cairn.conf] [options] [-]\n"
                 "       ./cairn-server - (read config from stdin)\n"
                 "       ./cairn-server -v or --version\n"
                 "       ./cairn-server -h or --help\n");
    std::fputs(cairn::service::usage_text(), stderr);  // Windows: the --service-* options
    std::fprintf(stderr,
                 "\nExamples:\n"
                 "       ./cairn-server (run the server with default conf)\n"
                 "       ./cairn-server /etc/cairn/cairn.conf\n"
                 "       ./cairn-server --port 7777\n"
                 "       ./cairn-server /etc/mycairn.conf --loglevel verbose\n");
}

// While the config loads, `dir` takes effect at once (as in Redis), so that a bad directory
// is reported against its line and later relative paths resolve from it.
class StartupConfigHost final : public cairn::config::ConfigHost {
public:
    explicit StartupConfigHost(cairn::config::Config& cfg) : cfg_(cfg) {}
    bool apply(cairn::config::Apply what, std::string& err) override {
        if (what != cairn::config::Apply::Dir) return true;
        return cairn::platform::change_directory(cfg_.dir, err);
    }

private:
    cairn::config::Config& cfg_;
};

bool write_pidfile(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    std::fprintf(f, "%d\n", cairn::platform::process_id());
    std::fclose(f);
    return true;
}

}  // namespace

// The server proper: the command line without the program name, and argv[0].
int run_server(const std::vector<std::string>& args, const std::string& argv0) {
    using namespace cairn;
    if (!args.empty() && (args[0] == "-v" || args[0] == "--version")) {
        std::printf("Cairn server v=%s redis_version=%s bits=%d multiplexing=%.*s\n", CAIRN_VERSION,
                    CAIRN_REDIS_COMPAT_VERSION, platform::arch_bits(),
                    static_cast<int>(net::default_multiplexing_api().size()),
                    net::default_multiplexing_api().data());
        return 0;
    }
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
        print_usage();
        return 0;
    }

    std::string config_path;
    size_t first_option = 0;
    if (!args.empty() && args[0].rfind("--", 0) != 0) {
        config_path = args[0];
        first_option = 1;
    }
    std::vector<std::string> overrides(args.begin() + static_cast<std::ptrdiff_t>(first_option),
                                       args.end());

    platform::init_command_clock();  // before the first command is timed

    // INFO shows absolute paths, taken before `dir` changes the working directory.
    std::string start_dir = platform::current_directory();
    auto absolute = [&](const std::string& p) {
        return p.empty() || p == "-" ? p : platform::absolute_path(p, start_dir);
    };
    std::string executable = absolute(argv0);
    std::string config_file = absolute(config_path);

    config::Config cfg;
    config::LoadError err;
    StartupConfigHost startup_host(cfg);
    if (!config::load(cfg, config_path, overrides, err, &startup_host)) {
        std::fputs(config::format_fatal(err).c_str(), stderr);
        return 1;
    }

    std::string log_err;
    if (!logger().open(cfg.logfile, log_err)) {
        std::fprintf(stderr, "%s\n", log_err.c_str());
        return 1;
    }
    LogLevel level;
    if (parse_log_level(cfg.loglevel, level)) logger().set_level(level);
    start_system_log(cfg);

    int pid = platform::process_id();
    log(LogLevel::Warning, "oO0OoO0OoO0Oo Cairn is starting oO0OoO0OoO0Oo");
    log(LogLevel::Warning, "Cairn version=%s, redis_version=%s, bits=%d, pid=%d, just started",
        CAIRN_VERSION, CAIRN_REDIS_COMPAT_VERSION, platform::arch_bits(), pid);
    if (config_path.empty()) {
        log(LogLevel::Warning,
            "Warning: no config file specified, using the default config. In order to specify a "
            "config file use %s /path/to/cairn.conf",
            argv0.c_str());
    } else {
        log(LogLevel::Warning, "Configuration loaded");
    }
    // supervised no|upstart|systemd|auto, as redisIsSupervised (before listening, as Redis).
    for (const service::SupervisionLog& line : service::start_supervision(cfg.supervised)) {
        LogLevel at = line.warning   ? LogLevel::Warning
                      : line.verbose ? LogLevel::Verbose
                                     : LogLevel::Notice;
        log(at, "%s", line.text.c_str());
    }

    install_crash_report(cfg);
    if (cfg.disable_thp) platform::disable_transparent_huge_pages();
    cfg.dir = platform::current_directory();
    if (!cfg.pidfile.empty() && !write_pidfile(cfg.pidfile)) {
        log(LogLevel::Warning, "Failed to write PID file: %s", std::strerror(errno));
    }

    Server server(cfg);
    server.set_executable(executable);
    server.set_config_file(config_file);
    server.set_title_name(argv0);
    log_startup_banner(cfg, pid, server.multiplexing_api());
    return server.run();
}

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string argv0 = argc > 0 ? argv[0] : "cairn-server";
    // From here on argv's memory may hold the process title (set-proc-title).
    cairn::platform::init_process_title(argc, argv);
    // Service-manager options (Windows: --service-install, --service-run, ...) come first.
    int exit_code = 0;
    if (cairn::service::handle_command_line(args, argv0, &run_server, exit_code)) return exit_code;
    return run_server(args, argv0);
}

// Windows: the --service-* options (see command_line.hpp).
#include "service/windows_service.hpp"

#include <windows.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include "platform/files.hpp"
#include "platform/win32_text.hpp"
#include "service/first_config.hpp"

namespace cairn::service {

namespace {

enum class Verb { Install, Uninstall, Start, Stop, Status, Run };

bool parse_verb(std::string_view arg, Verb& verb) {
    static constexpr std::pair<std::string_view, Verb> kVerbs[] = {
        {"--service-install", Verb::Install}, {"--service-uninstall", Verb::Uninstall},
        {"--service-start", Verb::Start},     {"--service-stop", Verb::Stop},
        {"--service-status", Verb::Status},   {"--service-run", Verb::Run}};
    for (const auto& [name, v] : kVerbs) {
        if (arg == name) {
            verb = v;
            return true;
        }
    }
    return false;
}

// The SCM refuses names with slashes; keep them short enough for the registry key.
bool valid_service_name(const std::string& name) {
    return !name.empty() && name.size() <= 200 && name.find_first_of("/\\") == std::string::npos;
}

// --service-first-config TEMPLATE TARGET [name value ...]: the MSI's custom action on every
// install. Makes TARGET from TEMPLATE with the installer's settings (PORT) unless TARGET
// exists: an upgrade or a reinstall never changes the config there.
int first_config(const std::vector<std::string>& args) {
    if (args.size() < 3 || args.size() % 2 != 1) {
        std::fprintf(stderr, "usage: --service-first-config TEMPLATE TARGET [name value ...]\n");
        return 1;
    }
    const std::string& source = args[1];
    const std::string& target = args[2];
    if (GetFileAttributesW(platform::win32::to_wide(target).c_str()) != INVALID_FILE_ATTRIBUTES) {
        std::printf("%s exists: left as it is\n", target.c_str());
        return 0;
    }
    std::ifstream in(std::filesystem::path(platform::win32::to_wide(source)), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        std::fprintf(stderr, "Cannot read %s\n", source.c_str());
        return 1;
    }
    DirectiveValues values;
    for (size_t i = 3; i + 1 < args.size(); i += 2) values.emplace_back(args[i], args[i + 1]);
    const std::string problem = first_config_problem(text.str(), values);
    if (!problem.empty()) {
        std::fprintf(stderr, "%s\n", problem.c_str());
        return 1;
    }
    platform::AtomicWriteError err;
    if (!platform::write_file_atomically(target, set_directives(text.str(), values), err)) {
        std::fprintf(stderr, "Cannot write %s: %s\n", target.c_str(), err.reason.c_str());
        return 1;
    }
    std::printf("%s made from %s\n", target.c_str(), source.c_str());
    return 0;
}

}  // namespace

bool handle_command_line(const std::vector<std::string>& args, const std::string& argv0,
                         ServerMain run_server, int& exit_code) {
    if (!args.empty() && args[0] == "--service-first-config") {
        exit_code = first_config(args);
        return true;
    }
    Verb verb;
    if (args.empty() || !parse_verb(args[0], verb)) return false;
    exit_code = 1;
    win::ServiceOptions opts;
    for (size_t i = 1; i < args.size(); i++) {
        if (args[i] == "--service-name") {
            if (i + 1 == args.size() || !valid_service_name(args[i + 1])) {
                std::fprintf(stderr, "--service-name needs a name without slashes\n");
                return true;
            }
            opts.name = platform::win32::to_wide(args[++i]);
        } else {
            opts.server_args.push_back(args[i]);
        }
    }
    bool takes_server_args = verb == Verb::Install || verb == Verb::Run;
    if (!takes_server_args && !opts.server_args.empty()) {
        std::fprintf(stderr, "%s takes only --service-name, not '%s'\n", args[0].c_str(),
                     opts.server_args[0].c_str());
        return true;
    }
    switch (verb) {
        case Verb::Install:
            exit_code = win::install(opts);
            break;
        case Verb::Uninstall:
            exit_code = win::uninstall(opts);
            break;
        case Verb::Start:
            exit_code = win::start(opts);
            break;
        case Verb::Stop:
            exit_code = win::stop(opts);
            break;
        case Verb::Status:
            exit_code = win::status(opts);
            break;
        case Verb::Run:
            exit_code = win::run_as_service(opts, run_server, argv0);
            break;
    }
    return true;
}

const char* usage_text() {
    return "       ./cairn-server --service-install [--service-name name] [/path/to/cairn.conf] "
           "[options]\n"
           "       ./cairn-server --service-uninstall|--service-start|--service-stop|"
           "--service-status [--service-name name]\n"
           "       (Windows service named \"cairn\" unless --service-name is given)\n";
}

}  // namespace cairn::service

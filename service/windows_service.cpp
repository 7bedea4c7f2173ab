// Windows: the --service-* options (see command_line.hpp).
#include "service/windows_service.hpp"

#include <cstdio>
#include <string_view>
#include <utility>

#include "platform/win32_text.hpp"

namespace cairn::service {

namespace {

enum class Verb { Install, Configure, Uninstall, Start, Stop, Status, Run };

bool parse_verb(std::string_view arg, Verb& verb) {
    static constexpr std::pair<std::string_view, Verb> kVerbs[] = {
        {"--service-install", Verb::Install},
        {"--service-configure", Verb::Configure},
        {"--service-uninstall", Verb::Uninstall},
        {"--service-start", Verb::Start},
        {"--service-stop", Verb::Stop},
        {"--service-status", Verb::Status},
        {"--service-run", Verb::Run}};
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

}  // namespace

bool handle_command_line(const std::vector<std::string>& args, const std::string& argv0,
                         ServerMain run_server, int& exit_code) {
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
        case Verb::Configure:
            exit_code = win::configure(opts);
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

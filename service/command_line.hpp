// The service manager's own command-line options, handled before the server's. On Windows:
//   --service-install [--service-name N] [conf] [--directive value ...]
//   --service-first-config TEMPLATE TARGET [name value ...]   (the MSI's first config)
//   --service-uninstall | --service-start | --service-stop | --service-status [--service-name N]
//   --service-run [--service-name N] [conf] [...]   (the command line the SCM starts)
// Elsewhere there are none: service managers (systemd) start the server's normal command line.
#pragma once

#include <string>
#include <vector>

namespace cairn::service {

// The server's main program: args without the program name, argv0 as the OS passed it.
using ServerMain = int (*)(const std::vector<std::string>& args, const std::string& argv0);

// Returns true when args were service options (exit_code is then the process's exit code);
// false for an ordinary server command line. --service-run runs run_server inside the
// service.
bool handle_command_line(const std::vector<std::string>& args, const std::string& argv0,
                         ServerMain run_server, int& exit_code);

// Lines for --help about the options above ("" where there are none).
const char* usage_text();

}  // namespace cairn::service

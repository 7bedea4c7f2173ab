// Windows only: the service commands behind service/command_line.hpp.
//   windows_service.cpp          parses --service-* options and dispatches
//   windows_service_control.cpp  install, uninstall, start, stop, status (talks to the SCM)
//   windows_service_main.cpp     --service-run: the entry point the SCM starts
#pragma once

#include <string>
#include <vector>

#include "service/command_line.hpp"

namespace cairn::service::win {

struct ServiceOptions {
    std::wstring name = L"cairn";
    // The server's own command line: [conf] [--directive value ...].
    std::vector<std::string> server_args;
};

int install(const ServiceOptions& opts);
int uninstall(const ServiceOptions& opts);
int start(const ServiceOptions& opts);
int stop(const ServiceOptions& opts);
// Exit codes as LSB init scripts: 0 running, 3 not running, 4 not installed, 1 error.
int status(const ServiceOptions& opts);

// Hands the process to the SCM (StartServiceCtrlDispatcherW); the service runs run_server.
int run_as_service(const ServiceOptions& opts, ServerMain run_server, const std::string& argv0);

}  // namespace cairn::service::win

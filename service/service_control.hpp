// Installing, starting and stopping the Cairn service through the system's service manager
// (`cairn-config service ...`): systemctl on Linux (service_control_systemd.cpp), the SCM on
// Windows. Kept apart from cairn_service so the server does not link it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace cairn::service {

enum class ControlAction { Install, Uninstall, Start, Stop, Restart, Status, Reload };

// "install", "uninstall", "start", "stop", "restart", "status", "reload".
bool parse_control_action(std::string_view word, ControlAction& out);

// The service manager's name for the Cairn service ("cairn.service" on Linux).
std::string service_name();

// Pushes a config file to the running server in this process (cairn-config's apply) and
// returns its exit code.
using ApplyConfigFile = std::function<int(const std::string& config_path)>;

// Runs the action; the manager's own output goes to this process's stdout / stderr.
// Returns the manager's exit status (systemctl: 0 done; for status 0 running, 3 stopped,
// 4 no such unit), or -1 with err when the manager cannot be used here (not running,
// unit not installed, command not found).
// Reload: systemd runs the unit's ExecReload (cairn-config apply of /etc/cairn/cairn.conf);
// the Windows SCM has no reload, so there apply_in_process is called with the service's config
// file and its exit code is returned.
int control_service(ControlAction action, const ApplyConfigFile& apply_in_process,
                    std::string& err);

}  // namespace cairn::service

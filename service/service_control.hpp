// Installing, starting and stopping the Cairn service through the system's service manager
// (`cairn-config service ...`): systemctl on Linux (service_control_systemd.cpp), the SCM on
// Windows. Kept apart from cairn_service so the server does not link it.
#pragma once

#include <string>
#include <string_view>

namespace cairn::service {

enum class ControlAction { Install, Uninstall, Start, Stop, Restart, Status };

// "install", "uninstall", "start", "stop", "restart", "status".
bool parse_control_action(std::string_view word, ControlAction& out);

// The service manager's name for the Cairn service ("cairn.service" on Linux).
std::string service_name();

// Runs the action; the manager's own output goes to this process's stdout / stderr.
// Returns the manager's exit status (systemctl: 0 done; for status 0 running, 3 stopped,
// 4 no such unit), or -1 with err when the manager cannot be used here (not running,
// unit not installed, command not found).
int control_service(ControlAction action, std::string& err);

}  // namespace cairn::service

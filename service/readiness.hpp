// Tells the service manager how the server is doing: systemd (sd_notify) on Linux, the
// Service Control Manager on Windows, nothing elsewhere. Each OS has its own implementation
// file in service/; the server calls these at the same points everywhere.
#pragma once

#include <string_view>

namespace cairn::service {

// Loading (STATUS= / START_PENDING with a hint).
void notify_status(std::string_view status);
// Listening and data loaded (READY=1 / SERVICE_RUNNING).
void notify_ready();
// Shutting down (STOPPING=1 / STOP_PENDING).
void notify_stopping();

// Why SIGTERM arrived, for the log, when the service manager sent it from inside this process:
// Windows's SCM raises SIGTERM for its STOP and SHUTDOWN controls, which the log names in
// Windows terms ("service stop requested"). Empty for a real signal (kill, systemd's stop).
std::string_view stop_request();

}  // namespace cairn::service

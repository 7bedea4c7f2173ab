// Windows only: the state of this process as a service, shared by the service entry point
// (windows_service_main.cpp) and the readiness reports (readiness_windows.cpp).
#pragma once

namespace cairn::service::scm {

// Whether the SCM started this process as a service (false in a console).
bool running_as_service();

// SERVICE_START_PENDING (with a new checkpoint), SERVICE_RUNNING, SERVICE_STOP_PENDING:
// no-ops outside a service. STOP and SHUTDOWN are accepted only while running.
void report_start_pending();
void report_running();
void report_stop_pending();

// The SCM's control that raised SIGTERM, in Windows terms: "service stop requested" (STOP),
// "system shutdown" (SHUTDOWN); empty before one arrived.
const char* stop_request();

}  // namespace cairn::service::scm

// Windows: readiness goes to the Service Control Manager when the SCM started the server
// (windows_service_main.cpp); from a console there is nobody to tell.
#include "service/readiness.hpp"
#include "service/windows_scm.hpp"

namespace cairn::service {

void notify_status(std::string_view) {
    scm::report_start_pending();  // still loading: a new checkpoint keeps the SCM waiting
}

void notify_ready() {
    scm::report_running();  // called after the listeners are bound: clients can connect now
}

void notify_stopping() {
    scm::report_stop_pending();
}

std::string_view stop_request() {
    return scm::stop_request();
}

}  // namespace cairn::service

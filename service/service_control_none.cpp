// Systems without a supported service manager.
#include "service/service_control.hpp"

namespace cairn::service {

std::string service_name() {
    return "cairn";
}

int control_service(ControlAction, const ApplyConfigFile&, std::string& err) {
    err = "no supported service manager on this system";
    return -1;
}

}  // namespace cairn::service

// Platforms without a service manager integration: nothing to tell.
#include "service/readiness.hpp"

namespace cairn::service {

void notify_status(std::string_view) {}
void notify_ready() {}
void notify_stopping() {}
std::string_view stop_request() {
    return {};
}

}  // namespace cairn::service

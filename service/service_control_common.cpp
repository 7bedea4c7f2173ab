#include "service/service_control.hpp"

namespace cairn::service {

bool parse_control_action(std::string_view word, ControlAction& out) {
    struct Name {
        std::string_view word;
        ControlAction action;
    };
    static constexpr Name kNames[] = {
        {"install", ControlAction::Install}, {"uninstall", ControlAction::Uninstall},
        {"start", ControlAction::Start},     {"stop", ControlAction::Stop},
        {"restart", ControlAction::Restart}, {"status", ControlAction::Status},
        {"reload", ControlAction::Reload},
    };
    for (const Name& n : kNames) {
        if (n.word == word) {
            out = n.action;
            return true;
        }
    }
    return false;
}

}  // namespace cairn::service

// Systems whose service managers start the server's normal command line: no options of our own.
#include "service/command_line.hpp"

namespace cairn::service {

bool handle_command_line(const std::vector<std::string>&, const std::string&, ServerMain, int&) {
    return false;
}

const char* usage_text() {
    return "";
}

}  // namespace cairn::service

#include "resp/command_encoding.hpp"

namespace cairn::resp {

void append_command(std::string& out, const std::vector<std::string>& argv) {
    out += '*';
    out += std::to_string(argv.size());
    out += "\r\n";
    for (const std::string& word : argv) {
        out += '$';
        out += std::to_string(word.size());
        out += "\r\n";
        out += word;
        out += "\r\n";
    }
}

}  // namespace cairn::resp

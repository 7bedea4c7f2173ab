#include "config/proc_title.hpp"

#include "util/text_template.hpp"

namespace cairn::config {

bool expand_proc_title(std::string_view tpl, const ProcTitleValues& v, std::string& out) {
    auto lookup = [&v](std::string_view name, std::string& value) {
        const std::string* found = name == "title"         ? &v.title
                                   : name == "listen-addr" ? &v.listen_addr
                                   : name == "server-mode" ? &v.server_mode
                                   : name == "config-file" ? &v.config_file
                                   : name == "port"        ? &v.port
                                   : name == "tls-port"    ? &v.tls_port
                                   : name == "unixsocket"  ? &v.unixsocket
                                                           : nullptr;
        if (!found) return false;
        value = *found;
        return true;
    };
    std::string text;
    if (!util::expand_template(tpl, lookup, text)) return false;
    const size_t first = text.find_first_not_of(' ');
    out = first == std::string::npos ? ""
                                     : text.substr(first, text.find_last_not_of(' ') - first + 1);
    return true;
}

bool valid_proc_title_template(const std::string& tpl, std::string& err) {
    // As Redis's validateProcTitleTemplate: an empty {title}; the address, config file and
    // ports always expand to something, the server mode (standalone) to nothing.
    ProcTitleValues v;
    v.listen_addr = "*:0";
    v.config_file = "-";
    v.port = "0";
    v.tls_port = "0";
    std::string out;
    if (!expand_proc_title(tpl, v, out) || out.empty()) {
        err = "template format is invalid or contains unknown variables";
        return false;
    }
    return true;
}

}  // namespace cairn::config

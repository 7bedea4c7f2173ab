// proc-title-template: Redis's variables ({title}, {listen-addr}, {server-mode},
// {config-file}, {port}, {tls-port}, {unixsocket}) expanded into a process title.
#pragma once

#include <string>
#include <string_view>

namespace cairn::config {

struct ProcTitleValues {
    std::string title;        // argv[0] as the server was started
    std::string listen_addr;  // "first-bind-address:port", "*:port" or "unixsocket:path"
    std::string server_mode;  // "" (standalone; "[cluster]" / "[sentinel]" in Redis)
    std::string config_file;  // "-" without one
    std::string port;
    std::string tls_port;
    std::string unixsocket;
};

// False for an invalid template (an unknown variable, an unclosed '{'). The result is
// trimmed of spaces at both ends, as Redis's sdstrim.
bool expand_proc_title(std::string_view tpl, const ProcTitleValues& values, std::string& out);

// CONFIG SET's check: the template expands, and is not empty with an empty {title}.
bool valid_proc_title_template(const std::string& tpl, std::string& err);

}  // namespace cairn::config

// redis-server's command-line options -> config text, as its main() builds it.
#pragma once

#include <string>
#include <vector>

namespace cairn::config::detail {

// "--port" "7000" "--bind" "a" "b" -> "port \"7000\" \nbind \"a\" \"b\" " (one line per
// option, arguments quoted with sdscatrepr). A last argument "-" is not an option: it sets
// read_stdin (config text from stdin, read after the file).
std::string options_to_config_text(const std::vector<std::string>& args, bool& read_stdin);

}  // namespace cairn::config::detail

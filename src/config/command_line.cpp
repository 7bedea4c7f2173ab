#include "config/command_line.hpp"

#include "util/strings.hpp"

namespace cairn::config::detail {

namespace {

bool is_option_name(const std::string& a) {
    return a.size() >= 2 && a[0] == '-' && a[1] == '-';
}

}  // namespace

std::string options_to_config_text(const std::vector<std::string>& args, bool& read_stdin) {
    std::string options;
    read_stdin = false;
    // False right after an option name given alone ("--port"): the next word is its value
    // even if it starts with "--".
    bool handled_last_config_arg = true;
    for (size_t j = 0; j < args.size(); j++) {
        const std::string& a = args[j];
        const bool last = j + 1 == args.size();
        if (a == "-" && last) {
            read_stdin = true;
        } else if (handled_last_config_arg && is_option_name(a)) {
            if (!options.empty()) options += '\n';
            options.append(a, 2);
            options += ' ';
            std::vector<std::string> words;
            if (!util::split_args(a, words)) words.clear();
            if (words.size() == 1) {
                // Only the name ("--port"): its value follows.
                handled_last_config_arg = false;
                const bool next_is_option = !last && is_option_name(args[j + 1]);
                if (util::iequals(a, "--save") && (next_is_option || last)) {
                    // "--save" with no value means save "" (pre-7.0 compatible).
                    options += "\"\"";
                    if (next_is_option) handled_last_config_arg = true;
                } else if (util::iequals(a, "--sentinel") && next_is_option) {
                    handled_last_config_arg = true;
                }
            } else {
                // Name and value in one word ("--port 6380").
                handled_last_config_arg = true;
            }
        } else {
            options += util::repr(a);
            options += ' ';
            handled_last_config_arg = true;
        }
    }
    return options;
}

}  // namespace cairn::config::detail

#include "server/redaction.hpp"

#include "util/strings.hpp"

namespace cairn {

std::vector<bool> redacted_arguments(const std::vector<std::string_view>& argv) {
    std::vector<bool> r(argv.size(), false);
    if (argv.empty()) return r;
    if (util::iequals(argv[0], "auth")) {
        for (size_t i = 1; i < argv.size(); i++) r[i] = true;
    } else if (util::iequals(argv[0], "hello")) {
        for (size_t i = 2; i < argv.size(); i++) {
            if (util::iequals(argv[i], "auth") && i + 2 < argv.size()) {
                r[i + 1] = r[i + 2] = true;
                i += 2;
            } else if (util::iequals(argv[i], "setname") && i + 1 < argv.size()) {
                i += 1;
            }
        }
    } else if (util::iequals(argv[0], "migrate")) {
        for (size_t i = 6; i < argv.size(); i++) {
            if (util::iequals(argv[i], "auth") && i + 1 < argv.size()) {
                r[++i] = true;
            } else if (util::iequals(argv[i], "auth2") && i + 2 < argv.size()) {
                r[i + 1] = r[i + 2] = true;
                i += 2;
            } else if (util::iequals(argv[i], "keys")) {
                break;
            }
        }
    }
    return r;
}

}  // namespace cairn

#include "util/text_template.hpp"

namespace cairn::util {

bool expand_template(std::string_view tpl,
                     const std::function<bool(std::string_view name, std::string& value)>& lookup,
                     std::string& out) {
    out.clear();
    size_t p = 0;
    while (p < tpl.size()) {
        const size_t open = tpl.find('{', p);
        if (open == std::string_view::npos) {
            out.append(tpl.substr(p));
            break;
        }
        out.append(tpl.substr(p, open - p));
        if (open + 1 >= tpl.size()) return false;  // ends right after '{'
        if (tpl[open + 1] == '{') {                // "{{" stands for '{'
            out += '{';
            p = open + 2;
            continue;
        }
        const size_t close = tpl.find('}', open + 1);
        if (close == std::string_view::npos) return false;
        std::string value;
        if (!lookup(tpl.substr(open + 1, close - open - 1), value)) return false;
        out += value;
        p = close + 1;
    }
    return true;
}

}  // namespace cairn::util

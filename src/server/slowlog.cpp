#include "server/slowlog.hpp"

#include <utility>

namespace cairn {

std::vector<std::string> SlowLog::entry_args(const std::vector<std::string_view>& argv,
                                             const std::vector<bool>& hide) {
    const size_t kept = argv.size() > kMaxArgs ? kMaxArgs : argv.size();
    std::vector<std::string> out;
    out.reserve(kept);
    for (size_t j = 0; j < kept; j++) {
        if (kept != argv.size() && j == kept - 1) {
            out.push_back("... (" + std::to_string(argv.size() - kept + 1) + " more arguments)");
        } else if (j < hide.size() && hide[j]) {
            out.emplace_back("(redacted)");
        } else if (argv[j].size() > kMaxArgBytes) {
            std::string s(argv[j].substr(0, kMaxArgBytes));
            s += "... (" + std::to_string(argv[j].size() - kMaxArgBytes) + " more bytes)";
            out.push_back(std::move(s));
        } else {
            out.emplace_back(argv[j]);
        }
    }
    return out;
}

void SlowLog::push(Entry e, size_t max_len) {
    e.id = next_id_++;
    entries_.push_front(std::move(e));
    while (entries_.size() > max_len) entries_.pop_back();
}

}  // namespace cairn

#include "util/cpu_list.hpp"

#include <algorithm>
#include <cctype>

namespace cairn::util {

namespace {

// Reads digits at s[pos...]; false when there are none or the number is above kMaxCpu.
bool read_number(std::string_view s, size_t& pos, int& out) {
    const size_t start = pos;
    long long v = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        v = v * 10 + (s[pos] - '0');
        if (v > kMaxCpu) return false;
        pos++;
    }
    out = static_cast<int>(v);
    return pos > start;
}

}  // namespace

bool parse_cpu_list(std::string_view text, std::vector<int>& cpus) {
    cpus.clear();
    if (text.empty()) return false;
    size_t pos = 0;
    for (;;) {
        int first = 0, last = 0, stride = 1;
        if (!read_number(text, pos, first)) return false;
        last = first;
        if (pos < text.size() && text[pos] == '-') {
            pos++;
            if (!read_number(text, pos, last) || last < first) return false;
            if (pos < text.size() && text[pos] == ':') {
                pos++;
                if (!read_number(text, pos, stride) || stride == 0) return false;
            }
        }
        for (int cpu = first; cpu <= last; cpu += stride) cpus.push_back(cpu);
        if (pos == text.size()) break;
        if (text[pos] != ',') return false;
        pos++;
    }
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    return true;
}

}  // namespace cairn::util

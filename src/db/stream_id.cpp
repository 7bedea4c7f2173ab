#include "db/stream_id.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/strings.hpp"

namespace cairn::db {

bool StreamID::incr() {
    if (seq == UINT64_MAX) {
        if (ms == UINT64_MAX) return false;
        ms++;
        seq = 0;
    } else {
        seq++;
    }
    return true;
}

bool StreamID::decr() {
    if (seq == 0) {
        if (ms == 0) return false;
        ms--;
        seq = UINT64_MAX;
    } else {
        seq--;
    }
    return true;
}

std::string StreamID::str() const {
    return std::to_string(ms) + "-" + std::to_string(seq);
}

bool parse_ull(std::string_view text, uint64_t& out) {
    long long ll;
    if (util::string_to_ll(text, ll)) {
        if (ll < 0) return false;
        out = static_cast<uint64_t>(ll);
        return true;
    }
    if (text.empty() || text.size() > 127) return false;
    char buf[128];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    if (std::strlen(buf) != text.size()) return false;  // an embedded NUL ends C's string
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(buf, &end, 10);
    if (errno == EINVAL || errno == ERANGE || *end != '\0') return false;
    out = v;
    return true;
}

bool parse_stream_id(std::string_view text, StreamID& out, uint64_t missing_seq, bool strict,
                     bool* seq_given) {
    if (text.size() > 127) return false;
    // Redis copies into a C string: an embedded NUL ends the text there.
    size_t nul = text.find('\0');
    if (nul != std::string_view::npos) text = text.substr(0, nul);
    if (strict && (text == "-" || text == "+")) return false;
    if (seq_given) *seq_given = true;
    if (text == "-") {
        out = StreamID::min();
        return true;
    }
    if (text == "+") {
        out = StreamID::max();
        return true;
    }
    size_t dash = text.find('-');
    uint64_t ms, seq;
    if (!parse_ull(text.substr(0, dash), ms)) return false;
    if (dash != std::string_view::npos) {
        std::string_view rest = text.substr(dash + 1);
        if (seq_given && rest == "*") {
            seq = 0;
            *seq_given = false;
        } else if (!parse_ull(rest, seq)) {
            return false;
        }
    } else {
        seq = missing_seq;
    }
    out = {ms, seq};
    return true;
}

}  // namespace cairn::db

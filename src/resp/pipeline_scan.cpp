#include "resp/pipeline_scan.hpp"

#include <cstdint>

namespace cairn::resp {

namespace {

// A "<prefix><digits>\r\n" line at data[pos]: its number, pos moved past it; false if the
// line is not there whole or is not that.
bool read_count(const char* data, size_t len, size_t& pos, char prefix, uint64_t& out) {
    if (pos >= len || data[pos] != prefix) return false;
    size_t p = pos + 1;
    uint64_t v = 0;
    size_t digits = 0;
    while (p < len && data[p] >= '0' && data[p] <= '9' && digits < 18) {
        v = v * 10 + static_cast<uint64_t>(data[p] - '0');
        p++;
        digits++;
    }
    if (digits == 0 || p + 1 >= len || data[p] != '\r' || data[p + 1] != '\n') return false;
    pos = p + 2;
    out = v;
    return true;
}

// Bulk headers read per call at most: a command of many arguments (or one still arriving,
// rescanned on every read) costs a bounded look, never a walk over all of it.
constexpr size_t kMaxWords = 256;
// Keyless commands looked at before giving up on a pipeline of them (PING -P 64: scanning 16
// commands per 16 run was 2% of the server's CPU).
constexpr size_t kMaxKeylessLead = 4;

}  // namespace

size_t scan_pipeline_keys(const char* data, size_t len, std::string_view* keys, size_t max) {
    size_t n = 0;
    size_t pos = 0;
    size_t budget = kMaxWords;
    for (size_t commands = 0; commands < max && pos < len; commands++) {
        uint64_t words = 0;
        if (!read_count(data, len, pos, '*', words)) break;
        std::string_view second;
        for (uint64_t i = 0; i < words; i++) {
            if (budget-- == 0) return n;
            uint64_t blen = 0;
            if (!read_count(data, len, pos, '$', blen)) return n;
            if (blen > len - pos || len - pos - blen < 2) return n;  // not all there yet
            if (i == 1) second = std::string_view(data + pos, static_cast<size_t>(blen));
            pos += static_cast<size_t>(blen) + 2;
        }
        if (words >= 2) keys[n++] = second;
        if (n == 0 && commands + 1 == kMaxKeylessLead) break;
    }
    return n;
}

}  // namespace cairn::resp

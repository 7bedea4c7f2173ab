#include "config/values.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include "config/config.hpp"
#include "util/strings.hpp"

namespace cairn::config::detail {

bool parse_memory_ull(std::string_view s, unsigned long long& out) {
    if (!s.empty() && s[0] == '-') return false;
    size_t digits = 0;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) digits++;
    std::string_view unit = s.substr(digits);
    unsigned long long mul;
    if (unit.empty() || util::iequals(unit, "b")) {
        mul = 1;
    } else if (util::iequals(unit, "k")) {
        mul = 1000;
    } else if (util::iequals(unit, "kb")) {
        mul = 1024;
    } else if (util::iequals(unit, "m")) {
        mul = 1000ULL * 1000;
    } else if (util::iequals(unit, "mb")) {
        mul = 1024ULL * 1024;
    } else if (util::iequals(unit, "g")) {
        mul = 1000ULL * 1000 * 1000;
    } else if (util::iequals(unit, "gb")) {
        mul = 1024ULL * 1024 * 1024;
    } else {
        return false;
    }
    if (digits >= 128) return false;  // Redis copies the digits into a 128-byte buffer
    std::string buf(s.substr(0, digits));
    errno = 0;
    unsigned long long val = std::strtoull(buf.c_str(), nullptr, 10);
    if (val > ULLONG_MAX / mul) return false;
    out = val * mul;
    return true;
}

bool parse_yes_no(std::string_view s, bool& out) {
    if (util::iequals(s, "yes")) {
        out = true;
        return true;
    }
    if (util::iequals(s, "no")) {
        out = false;
        return true;
    }
    return false;
}

bool parse_strtoll_whole(const std::string& s, int base, long long& out) {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, base);
    if (*end != '\0') return false;
    out = v;
    return true;
}

std::string bounds_error(long long min, long long max, bool octal) {
    char buf[128];
    if (octal) {
        std::snprintf(buf, sizeof(buf), "argument must be between %llo and %llo inclusive",
                      static_cast<unsigned long long>(min), static_cast<unsigned long long>(max));
    } else {
        std::snprintf(buf, sizeof(buf), "argument must be between %lld and %lld inclusive", min,
                      max);
    }
    return buf;
}

std::string enum_error(const std::string_view* values, std::size_t count) {
    std::string out = "argument(s) must be one of the following: ";
    for (std::size_t i = 0; i < count; i++) {
        if (i > 0) out += ", ";
        out += values[i];
    }
    return out;
}

}  // namespace cairn::config::detail

namespace cairn::config {

bool parse_memory(std::string_view s, long long& out) {
    unsigned long long v = 0;
    if (!detail::parse_memory_ull(s, v) || v > static_cast<unsigned long long>(LLONG_MAX)) {
        return false;
    }
    out = static_cast<long long>(v);
    return true;
}

}  // namespace cairn::config

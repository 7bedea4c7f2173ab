#include "util/strings.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace cairn::util {

bool string_to_ll(std::string_view s, long long& out) {
    // Same rules and limits as Redis's string2ll.
    if (s.empty() || s.size() >= 21) return false;
    if (s.size() == 1 && s[0] == '0') {
        out = 0;
        return true;
    }
    size_t i = 0;
    bool negative = false;
    if (s[0] == '-') {
        negative = true;
        i = 1;
        if (s.size() == 1) return false;
    }
    if (s[i] < '1' || s[i] > '9') return false;
    unsigned long long v = 0;
    for (; i < s.size(); i++) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        unsigned digit = static_cast<unsigned>(c - '0');
        if (v > (~0ULL - digit) / 10) return false;  // overflow of unsigned range
        v = v * 10 + digit;
    }
    if (negative) {
        if (v > static_cast<unsigned long long>(LLONG_MAX) + 1) return false;
        out = static_cast<long long>(0 - v);
    } else {
        if (v > static_cast<unsigned long long>(LLONG_MAX)) return false;
        out = static_cast<long long>(v);
    }
    return true;
}

bool string_to_ld(std::string_view s, long double& out) {
    constexpr size_t kMaxChars = 5 * 1024;  // Redis's MAX_LONG_DOUBLE_CHARS
    if (s.empty() || s.size() >= kMaxChars) return false;
    std::string buf(s);
    if (std::strlen(buf.c_str()) != buf.size()) return false;  // embedded NUL
    if (std::isspace(static_cast<unsigned char>(buf[0]))) return false;
    errno = 0;
    char* end = nullptr;
    long double v = std::strtold(buf.c_str(), &end);
    if (*end != '\0') return false;
    if (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || v == 0)) return false;
    if (errno == EINVAL || std::isnan(v)) return false;
    out = v;
    return true;
}

bool string_to_d(std::string_view s, double& out) {
    if (s.empty()) return false;
    std::string buf(s);
    if (std::strlen(buf.c_str()) != buf.size()) return false;
    if (std::isspace(static_cast<unsigned char>(buf[0]))) return false;
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(buf.c_str(), &end);
    if (*end != '\0') return false;
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || v == 0)) return false;
    if (std::isnan(v)) return false;
    out = v;
    return true;
}

void append_ll(std::string& out, long long v) {
    char buf[24];
    char* p = buf + sizeof(buf);
    unsigned long long u =
        v < 0 ? 0 - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    do {
        *--p = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) *--p = '-';
    out.append(p, static_cast<size_t>(buf + sizeof(buf) - p));
}

std::string ll_to_string(long long v) {
    std::string s;
    append_ll(s, v);
    return s;
}

std::string double_to_string(double d) {
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    char buf[64];
    int n = std::snprintf(buf, sizeof(buf), "%.17g", d);
    return std::string(buf, static_cast<size_t>(n));
}

std::string long_double_to_human(long double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[5 * 1024];
    int n = std::snprintf(buf, sizeof(buf), "%.17Lf", v);
    if (n <= 0 || static_cast<size_t>(n) >= sizeof(buf)) return "0";
    std::string s(buf, static_cast<size_t>(n));
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

namespace {

// A-Z to a-z, every other byte as it is: C's tolower in the "C" locale that Redis runs in,
// without a libc call per byte (command names and script SHAs are folded for every call).
char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

}  // namespace

// ASCII case folding, as strcasecmp in the C locale.
bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

std::string to_lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = ascii_lower(c);
    return r;
}

namespace {

// Port of Redis's stringmatchlen_impl; skip_longer stops exponential backtracking.
bool glob_impl(const char* p, size_t plen, const char* s, size_t slen, bool nocase,
               bool* skip_longer, int nesting) {
    if (nesting > 1000) return false;
    auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    while (plen && slen) {
        switch (p[0]) {
            case '*':
                while (plen > 1 && p[1] == '*') {
                    p++;
                    plen--;
                }
                if (plen == 1) return true;
                while (slen) {
                    if (glob_impl(p + 1, plen - 1, s, slen, nocase, skip_longer, nesting + 1))
                        return true;
                    if (*skip_longer) return false;
                    s++;
                    slen--;
                }
                *skip_longer = true;
                return false;
            case '?':
                s++;
                slen--;
                break;
            case '[': {
                p++;
                plen--;
                bool negate = plen && p[0] == '^';
                if (negate) {
                    p++;
                    plen--;
                }
                bool match = false;
                while (true) {
                    if (plen == 0) {
                        // Unterminated class: Redis steps back so the loop's increment lands on
                        // end.
                        p--;
                        plen++;
                        break;
                    }
                    if (p[0] == '\\' && plen >= 2) {
                        p++;
                        plen--;
                        if (p[0] == s[0]) match = true;
                    } else if (p[0] == ']') {
                        break;
                    } else if (plen >= 3 && p[1] == '-') {
                        char start = p[0], end = p[2], c = s[0];
                        if (start > end) std::swap(start, end);
                        if (nocase) {
                            start = lower(start);
                            end = lower(end);
                            c = lower(c);
                        }
                        p += 2;
                        plen -= 2;
                        if (c >= start && c <= end) match = true;
                    } else {
                        if (!nocase) {
                            if (p[0] == s[0]) match = true;
                        } else if (lower(p[0]) == lower(s[0])) {
                            match = true;
                        }
                    }
                    p++;
                    plen--;
                }
                if (negate) match = !match;
                if (!match) return false;
                s++;
                slen--;
                break;
            }
            case '\\':
                if (plen >= 2) {
                    p++;
                    plen--;
                }
                [[fallthrough]];
            default:
                if (!nocase) {
                    if (p[0] != s[0]) return false;
                } else if (lower(p[0]) != lower(s[0])) {
                    return false;
                }
                s++;
                slen--;
                break;
        }
        p++;
        plen--;
        if (slen == 0) {
            while (plen && *p == '*') {
                p++;
                plen--;
            }
            break;
        }
    }
    return plen == 0 && slen == 0;
}

bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view str, bool nocase) {
    bool skip_longer = false;
    return glob_impl(pattern.data(), pattern.size(), str.data(), str.size(), nocase, &skip_longer,
                     0);
}

bool split_args(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    size_t i = 0;
    const size_t n = line.size();
    // Reading past the end (or at an embedded NUL) behaves like C's terminating NUL.
    auto at = [&](size_t k) -> char { return k < n ? line[k] : '\0'; };
    auto space = [](char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
    };
    while (true) {
        while (at(i) != '\0' && space(at(i))) i++;
        if (at(i) == '\0') return true;
        bool inq = false, insq = false, done = false;
        std::string current;
        while (!done) {
            char c = at(i);
            if (inq) {
                if (c == '\\' && at(i + 1) == 'x' && is_hex(at(i + 2)) && is_hex(at(i + 3))) {
                    current.push_back(
                        static_cast<char>(hex_value(at(i + 2)) * 16 + hex_value(at(i + 3))));
                    i += 3;
                } else if (c == '\\' && at(i + 1) != '\0') {
                    i++;
                    switch (at(i)) {
                        case 'n':
                            current.push_back('\n');
                            break;
                        case 'r':
                            current.push_back('\r');
                            break;
                        case 't':
                            current.push_back('\t');
                            break;
                        case 'b':
                            current.push_back('\b');
                            break;
                        case 'a':
                            current.push_back('\a');
                            break;
                        default:
                            current.push_back(at(i));
                            break;
                    }
                } else if (c == '"') {
                    // A closing quote must be followed by a space or the end.
                    if (at(i + 1) != '\0' && !space(at(i + 1))) return false;
                    done = true;
                } else if (c == '\0') {
                    return false;  // unterminated quotes
                } else {
                    current.push_back(c);
                }
            } else if (insq) {
                if (c == '\\' && at(i + 1) == '\'') {
                    i++;
                    current.push_back('\'');
                } else if (c == '\'') {
                    if (at(i + 1) != '\0' && !space(at(i + 1))) return false;
                    done = true;
                } else if (c == '\0') {
                    return false;
                } else {
                    current.push_back(c);
                }
            } else {
                switch (c) {
                    case ' ':
                    case '\n':
                    case '\r':
                    case '\t':
                    case '\0':
                        done = true;
                        break;
                    case '"':
                        inq = true;
                        break;
                    case '\'':
                        insq = true;
                        break;
                    default:
                        current.push_back(c);
                        break;
                }
            }
            if (at(i) != '\0') i++;
        }
        out.push_back(std::move(current));
    }
}

std::string repr(std::string_view s) {
    std::string r = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '\\':
                r += "\\\\";
                break;
            case '"':
                r += "\\\"";
                break;
            case '\n':
                r += "\\n";
                break;
            case '\r':
                r += "\\r";
                break;
            case '\t':
                r += "\\t";
                break;
            case '\a':
                r += "\\a";
                break;
            case '\b':
                r += "\\b";
                break;
            default:
                if (std::isprint(c)) {
                    r.push_back(static_cast<char>(c));
                } else {
                    char buf[8];
                    std::snprintf(buf, sizeof(buf), "\\x%02x", c);
                    r += buf;
                }
        }
    }
    r.push_back('"');
    return r;
}

}  // namespace cairn::util

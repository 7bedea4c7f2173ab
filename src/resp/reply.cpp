#include "resp/reply.hpp"

#include <algorithm>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

namespace cairn::resp {

namespace {

// Payloads up to this size are copied with their header into one stack buffer so the reply
// costs a single OutputBuffer::append.
constexpr size_t kSmallPayload = 256;

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Writes the decimal form of v ending just before `end` and returns its first char.
// `end` needs 20 bytes of room before it.
inline char* write_ll(char* end, long long v) {
    unsigned long long u =
        v < 0 ? 0 - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    char* p = end;
    while (u >= 100) {
        unsigned i = static_cast<unsigned>(u % 100) * 2;
        u /= 100;
        *--p = kDigitPairs[i + 1];
        *--p = kDigitPairs[i];
    }
    if (u >= 10) {
        unsigned i = static_cast<unsigned>(u) * 2;
        *--p = kDigitPairs[i + 1];
        *--p = kDigitPairs[i];
    } else {
        *--p = static_cast<char>('0' + u);
    }
    if (v < 0) *--p = '-';
    return p;
}

}  // namespace

void Reply::header(char type, long long n) {
    char buf[24];
    char* end = buf + sizeof(buf);
    end[-2] = '\r';
    end[-1] = '\n';
    char* p = write_ll(end - 2, n);
    *--p = type;
    out_->append(p, static_cast<size_t>(end - p));
}

// type + s + CRLF, one append when s is small.
void Reply::line(char type, std::string_view s) {
    if (s.size() > kSmallPayload) {
        out_->append(type);
        out_->append(s);
        out_->append("\r\n", 2);
        return;
    }
    char buf[kSmallPayload + 3];
    buf[0] = type;
    if (!s.empty()) std::memcpy(buf + 1, s.data(), s.size());
    buf[s.size() + 1] = '\r';
    buf[s.size() + 2] = '\n';
    out_->append(buf, s.size() + 3);
}

void Reply::simple(std::string_view s) {
    line('+', s);
}

namespace {
thread_local char g_error_code[32];
thread_local size_t g_error_code_len = 0;
}  // namespace

std::string_view Reply::last_error_code() const {
    return {g_error_code, g_error_code_len};
}

void Reply::error(std::string_view msg) {
    error_written_ = true;
    // The code is the first word, as Redis's afterErrorReply takes it for errorstats.
    std::string_view code = msg.empty() ? std::string_view("ERR") : msg.substr(msg[0] == '-');
    code = code.substr(0, std::min(code.find(' '), sizeof(g_error_code)));
    g_error_code_len = code.copy(g_error_code, sizeof(g_error_code));
    if (msg.empty()) {  // Redis's addReplyErrorLength adds "-ERR " unless msg starts with '-'
        out_->append("-ERR \r\n", 7);
        return;
    }
    if (msg[0] != '-') out_->append('-');
    if (msg.find_first_of("\r\n") == std::string_view::npos) {
        out_->append(msg);
    } else {  // newlines would break the protocol
        std::string clean(msg);
        for (char& c : clean)
            if (c == '\r' || c == '\n') c = ' ';
        out_->append(clean);
    }
    out_->append("\r\n", 2);
}

void Reply::integer(long long v) {
    header(':', v);
}

void Reply::bulk(std::string_view s) {
    if (s.size() > kSmallPayload) {
        header('$', static_cast<long long>(s.size()));
        out_->append(s);
        out_->append("\r\n", 2);
        return;
    }
    char buf[kSmallPayload + 32];
    char digits[24];
    char* d = write_ll(digits + sizeof(digits), static_cast<long long>(s.size()));
    size_t dlen = static_cast<size_t>(digits + sizeof(digits) - d);
    char* p = buf;
    *p++ = '$';
    std::memcpy(p, d, dlen);
    p += dlen;
    *p++ = '\r';
    *p++ = '\n';
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '\r';
    *p++ = '\n';
    out_->append(buf, static_cast<size_t>(p - buf));
}

void Reply::null() {
    if (protocol_ >= 3)
        out_->append("_\r\n", 3);
    else
        out_->append("$-1\r\n", 5);
}

void Reply::null_array() {
    if (protocol_ >= 3)
        out_->append("_\r\n", 3);
    else
        out_->append("*-1\r\n", 5);
}

void Reply::array(size_t n) {
    header('*', static_cast<long long>(n));
}

void Reply::map(size_t pairs) {
    if (protocol_ >= 3)
        header('%', static_cast<long long>(pairs));
    else
        header('*', static_cast<long long>(pairs * 2));
}

void Reply::set(size_t n) {
    header(protocol_ >= 3 ? '~' : '*', static_cast<long long>(n));
}

void Reply::push(size_t n) {
    header(protocol_ >= 3 ? '>' : '*', static_cast<long long>(n));
}

void Reply::attribute(size_t pairs) {
    header('|', static_cast<long long>(pairs));
}

void Reply::dbl(double d) {
    char buf[64];
    size_t n;
    if (std::isinf(d)) {  // spelled out: libc formats infinity differently across systems
        n = d > 0 ? 3 : 4;
        std::memcpy(buf, d > 0 ? "inf" : "-inf", n);
    } else {
        n = static_cast<size_t>(std::snprintf(buf, sizeof(buf), "%.17g", d));
    }
    if (protocol_ >= 3)
        line(',', std::string_view(buf, n));
    else
        bulk(std::string_view(buf, n));
}

void Reply::boolean(bool b) {
    if (protocol_ >= 3)
        out_->append(b ? "#t\r\n" : "#f\r\n", 4);
    else
        out_->append(b ? ":1\r\n" : ":0\r\n", 4);
}

void Reply::verbatim(std::string_view s, std::string_view format) {
    if (protocol_ < 3) {
        bulk(s);
        return;
    }
    header('=', static_cast<long long>(s.size() + 4));
    // Redis writes exactly 3 format chars, padding a shorter one with spaces.
    char fmt[4] = {' ', ' ', ' ', ':'};
    for (size_t i = 0; i < 3 && i < format.size(); i++) fmt[i] = format[i];
    out_->append(fmt, 4);
    out_->append(s);
    out_->append("\r\n", 2);
}

void Reply::big_number(std::string_view digits) {
    if (protocol_ >= 3)
        line('(', digits);
    else
        bulk(digits);
}

}  // namespace cairn::resp

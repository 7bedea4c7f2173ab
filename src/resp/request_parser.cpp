#include "resp/request_parser.hpp"

#include <climits>
#include <cstddef>
#include <cstring>

#include "util/strings.hpp"

namespace cairn::resp {

namespace {

constexpr size_t kInlineMax = 64 * 1024;  // PROTO_INLINE_MAX_SIZE
constexpr long long kUnauthMaxArgs = 10;  // Redis 7.0 authRequired() limits
constexpr long long kUnauthMaxBulk = 16384;
constexpr std::ptrdiff_t kQuickScan = 16;

// string2ll with a fast path for the usual short positive lengths.
inline bool parse_len(const char* p, size_t n, long long& out) {
    if (n >= 1 && n <= 18 && p[0] >= '1' && p[0] <= '9') {
        long long v = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned d = static_cast<unsigned char>(p[i]) - '0';
            if (d > 9) return false;  // string2ll rejects it too
            v = v * 10 + d;
        }
        out = v;
        return true;
    }
    return util::string_to_ll(std::string_view(p, n), out);
}

}  // namespace

void RequestParser::reset() {
    type_ = Type::None;
    pos_ = 0;
    scan_from_ = 0;
    blocked_ = false;
    bulks_left_ = 0;
    bulk_len_ = -1;
    wanted_ = 0;
    spans_.clear();
}

namespace {
thread_local std::string g_error;
}  // namespace

ParseStatus RequestParser::fail(const char* text) {
    reset();
    g_error = text;
    return ParseStatus::Error;
}

const std::string& RequestParser::error() const {
    return g_error;
}

void RequestParser::release_memory() {
    if (spans_.capacity() > kKeptArgs) std::vector<Span>().swap(spans_);
    std::vector<std::string>().swap(inline_args_);
}

ParseStatus RequestParser::done(size_t end, size_t& consumed) {
    consumed = end;
    reset();
    return ParseStatus::Command;
}

ParseStatus RequestParser::parse(const char* data, size_t len, size_t& consumed,
                                 std::vector<std::string_view>& argv, const ParserLimits& limits) {
    consumed = 0;
    if (len == 0) return ParseStatus::Incomplete;
    if (type_ == Type::None) type_ = data[0] == '*' ? Type::Multibulk : Type::Inline;
    if (type_ == Type::Multibulk) return parse_multibulk(data, len, consumed, argv, limits);
    return parse_inline(data, len, consumed, argv);
}

// Finds the '\r' ending the line at pos_. Like Redis, the line is complete once one more byte
// follows the '\r' (that byte is skipped unchecked).
RequestParser::Line RequestParser::find_cr(const char* data, size_t len, size_t& cr) {
    if (blocked_) return Line::Missing;
    // Count lines are short: a plain loop beats a memchr call for the first few bytes.
    const char* p = data + scan_from_;
    const char* end = data + len;
    const char* quick_end = end - p > kQuickScan ? p + kQuickScan : end;
    while (p < quick_end && *p != '\r') p++;
    if (p == quick_end && p < end) {
        p = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(end - p)));
        if (p == nullptr) p = end;
    }
    if (p == end) {
        scan_from_ = len;
        return Line::Missing;
    }
    cr = static_cast<size_t>(p - data);
    scan_from_ = cr;
    if (cr + 1 < len) return Line::Found;
    // A NUL before the '\r' hides it from Redis's strchr, which then applies the size limit.
    if (len - pos_ > kInlineMax && line_has_nul(data, cr)) return Line::Missing;
    return Line::Partial;
}

// Redis scans with strchr, so a NUL before the '\r' means the line never ends for it. Only
// checked once a line failed to parse: a line that parses cannot contain a NUL.
bool RequestParser::line_has_nul(const char* data, size_t cr) {
    blocked_ = std::memchr(data + pos_, '\0', cr - pos_) != nullptr;
    return blocked_;
}

ParseStatus RequestParser::parse_multibulk(const char* data, size_t len, size_t& consumed,
                                           std::vector<std::string_view>& argv,
                                           const ParserLimits& limits) {
    size_t cr = 0;
    long long n = 0;
    if (bulks_left_ == 0) {
        Line line = find_cr(data, len, cr);
        bool ok = line == Line::Found && parse_len(data + 1, cr - 1, n);
        if (line == Line::Found && !ok && line_has_nul(data, cr)) line = Line::Missing;
        if (line == Line::Missing && len - pos_ > kInlineMax)
            return fail("Protocol error: too big mbulk count string");
        if (line != Line::Found) return ParseStatus::Incomplete;
        if (!ok || n > INT_MAX) return fail("Protocol error: invalid multibulk length");
        if (n > kUnauthMaxArgs && !limits.authenticated)
            return fail("Protocol error: unauthenticated multibulk length");
        pos_ = scan_from_ = cr + 2;
        if (n <= 0) {
            argv.clear();
            return done(pos_, consumed);
        }
        bulks_left_ = n;
        spans_.clear();
    }
    while (bulks_left_ > 0) {
        if (bulk_len_ < 0) {
            Line line = find_cr(data, len, cr);
            bool dollar = line == Line::Found && data[pos_] == '$';
            bool ok = dollar && parse_len(data + pos_ + 1, cr - pos_ - 1, n);
            if (line == Line::Found && !ok && line_has_nul(data, cr)) line = Line::Missing;
            if (line == Line::Missing && len - pos_ > kInlineMax)
                return fail("Protocol error: too big bulk count string");
            if (line != Line::Found) return ParseStatus::Incomplete;
            if (!dollar) {
                char c = data[pos_];
                if (c == '\r' || c == '\n') c = ' ';  // addReplyErrorFormat maps newlines
                std::string text = "Protocol error: expected '$', got ' '";
                text[text.size() - 2] = c;
                reset();
                g_error = std::move(text);
                return ParseStatus::Error;
            }
            if (!ok || n < 0 || n > limits.proto_max_bulk_len)
                return fail("Protocol error: invalid bulk length");
            if (n > kUnauthMaxBulk && !limits.authenticated)
                return fail("Protocol error: unauthenticated bulk length");
            pos_ = cr + 2;
            bulk_len_ = n;
        }
        // The payload plus 2 trailing bytes, which Redis skips without checking for \r\n.
        size_t need = static_cast<size_t>(bulk_len_) + 2;
        if (len - pos_ < need) {
            wanted_ = need - (len - pos_);
            return ParseStatus::Incomplete;
        }
        spans_.push_back({pos_, static_cast<size_t>(bulk_len_)});
        pos_ += need;
        scan_from_ = pos_;
        bulk_len_ = -1;
        bulks_left_--;
    }
    argv.clear();
    for (const Span& s : spans_) argv.emplace_back(data + s.offset, s.len);
    return done(pos_, consumed);
}

ParseStatus RequestParser::parse_inline(const char* data, size_t len, size_t& consumed,
                                        std::vector<std::string_view>& argv) {
    const char* nl = nullptr;
    if (!blocked_) {
        nl = static_cast<const char*>(std::memchr(data + scan_from_, '\n', len - scan_from_));
        scan_from_ = len;
        // Redis finds the '\n' with strchr: a NUL before it hides it for good.
        if (nl != nullptr && std::memchr(data, '\0', static_cast<size_t>(nl - data)) != nullptr) {
            blocked_ = true;
            nl = nullptr;
        }
    }
    if (nl == nullptr) {
        if (len > kInlineMax) return fail("Protocol error: too big inline request");
        return ParseStatus::Incomplete;
    }
    size_t end = static_cast<size_t>(nl - data);
    size_t line_len = end > 0 && data[end - 1] == '\r' ? end - 1 : end;
    if (!util::split_args(std::string_view(data, line_len), inline_args_))
        return fail("Protocol error: unbalanced quotes in request");
    argv.clear();
    for (const std::string& a : inline_args_) argv.emplace_back(a);
    return done(end + 1, consumed);
}

}  // namespace cairn::resp

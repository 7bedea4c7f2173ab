// Incremental RESP request parser: multibulk (*N\r\n$L\r\n...) and inline commands.
// Pure: no sockets. Errors carry Redis 7.0's exact protocol error texts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::resp {

struct ParserLimits {
    long long proto_max_bulk_len = 512LL * 1024 * 1024;  // proto-max-bulk-len
    // Before AUTH succeeds Redis 7.0 allows at most 10 multibulk elements and 16384-byte
    // bulks ("unauthenticated multibulk length" / "unauthenticated bulk length").
    bool authenticated = true;
};

enum class ParseStatus {
    Incomplete,  // need more bytes; call again with the same data start and more bytes appended
    Command,     // one command parsed; argv may be empty (empty inline line, *0 or *-1)
    Error,       // protocol error; error() has the text (without "-ERR "), e.g.
                 // "Protocol error: invalid multibulk length"
};

class RequestParser {
public:
    // Parses the first command in data[0, len). The caller keeps the unconsumed bytes at the
    // start of its buffer and calls again with more bytes appended after Incomplete; the parser
    // remembers how far it got so big bulks are not rescanned.
    // On Command: consumed = bytes used by this command; argv holds views that stay valid
    // until the caller discards those bytes or calls parse() again.
    ParseStatus parse(const char* data, size_t len, size_t& consumed,
                      std::vector<std::string_view>& argv, const ParserLimits& limits);

    // The text of the last error. Kept per thread, not per parser (a client's parser lives
    // as long as the client): read it right after parse() returned Error.
    const std::string& error() const;

    // Bytes the parser knows the current command still needs (0 if unknown): lets the caller
    // grow its buffer once for a big bulk instead of many times.
    size_t bytes_wanted() const { return wanted_; }

    void reset();
    // Gives back the memory kept for the next command (between commands only), except room
    // for kKeptArgs arguments: a client whose queue empties after every command (one request
    // at a time) would otherwise allocate and free it per command.
    void release_memory();
    static constexpr size_t kKeptArgs = 8;

private:
    enum class Type { None, Multibulk, Inline };
    struct Span {
        size_t offset;
        size_t len;
    };
    // Outcome of looking for the end of the current line.
    enum class Line { Found, Missing, Partial };

    ParseStatus parse_multibulk(const char* data, size_t len, size_t& consumed,
                                std::vector<std::string_view>& argv, const ParserLimits& limits);
    ParseStatus parse_inline(const char* data, size_t len, size_t& consumed,
                             std::vector<std::string_view>& argv);
    Line find_cr(const char* data, size_t len, size_t& cr);
    bool line_has_nul(const char* data, size_t cr);
    ParseStatus fail(const char* text);
    ParseStatus done(size_t end, size_t& consumed);

    // State of the command being parsed; offsets are relative to the start of data.
    Type type_ = Type::None;
    size_t pos_ = 0;            // start of the next unparsed line / bulk payload
    size_t scan_from_ = 0;      // where the search for the current line's end resumes
    bool blocked_ = false;      // a NUL precedes the line end: Redis's strchr never finds it
    long long bulks_left_ = 0;  // 0 until the *N line was read
    long long bulk_len_ = -1;   // length of the bulk being read, -1 before its $ line
    size_t wanted_ = 0;
    std::vector<Span> spans_;               // bulks parsed so far (offsets survive reallocation)
    std::vector<std::string> inline_args_;  // unescaped inline arguments argv points into
};

}  // namespace cairn::resp

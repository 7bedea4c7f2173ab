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
    // Before AUTH succeeds Redis allows at most 1024*1024 multibulk elements and 16384-byte
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

    const std::string& error() const { return error_; }

    // Bytes the parser knows the current command still needs (0 if unknown): lets the caller
    // grow its buffer once for a big bulk instead of many times.
    size_t bytes_wanted() const;

    void reset();
};

}  // namespace cairn::resp

// A stream entry ID (Redis 7.0 t_stream.c streamID): milliseconds and a sequence number,
// ordered as a pair; the text form "ms-seq" and the parsing rules of Redis's
// streamGenericParseIDOrReply.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::db {

struct StreamID {
    uint64_t ms = 0;
    uint64_t seq = 0;

    auto operator<=>(const StreamID&) const = default;

    static constexpr StreamID min() { return {0, 0}; }
    static constexpr StreamID max() { return {UINT64_MAX, UINT64_MAX}; }
    bool is_zero() const { return ms == 0 && seq == 0; }
    bool is_max() const { return ms == UINT64_MAX && seq == UINT64_MAX; }

    // streamIncrID / streamDecrID: false (and unchanged) at the end of the ID space.
    bool incr();
    bool decr();

    std::string str() const;  // "ms-seq"
};

// streamGenericParseIDOrReply. strict: "-" and "+" are refused. missing_seq: the sequence of
// an ID given as "ms" alone. seq_given (may be null: then "ms-*" is invalid): cleared for the
// XADD form "ms-*". False when the text is not a valid ID.
bool parse_stream_id(std::string_view text, StreamID& out, uint64_t missing_seq, bool strict,
                     bool* seq_given);

// Redis's string2ull: a decimal unsigned 64-bit number (strtoull's tolerance included).
bool parse_ull(std::string_view text, uint64_t& out);

}  // namespace cairn::db

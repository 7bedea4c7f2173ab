// Test driver for RequestParser: feeds input in chunks the way a connection does (the
// unconsumed tail stays at the start of the buffer). Each chunk moves the buffer to a fresh
// allocation of the exact size, so ASan catches stale pointers and reads past the end.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "resp/request_parser.hpp"

namespace cairn::resp::test {

struct FeedResult {
    std::vector<std::vector<std::string>> commands;
    std::string error;   // empty unless the parser reported a protocol error
    size_t pending = 0;  // unconsumed bytes left at the end (0 after an error)
    bool operator==(const FeedResult&) const = default;
};

// cuts: increasing offsets in (0, input.size()) where a read ends.
inline FeedResult feed(std::string_view input, const std::vector<size_t>& cuts,
                       const ParserLimits& limits = {}) {
    RequestParser parser;
    FeedResult r;
    std::vector<std::string_view> argv;
    std::unique_ptr<char[]> buf;
    size_t len = 0;
    size_t next = 0;
    std::vector<size_t> ends = cuts;
    ends.push_back(input.size());
    for (size_t end : ends) {
        auto fresh = std::make_unique<char[]>(len + end - next);
        if (len > 0) std::memcpy(fresh.get(), buf.get(), len);
        if (end > next) std::memcpy(fresh.get() + len, input.data() + next, end - next);
        buf = std::move(fresh);
        len += end - next;
        next = end;
        while (len > 0) {
            size_t consumed = 0;
            ParseStatus st = parser.parse(buf.get(), len, consumed, argv, limits);
            if (st == ParseStatus::Incomplete) break;
            if (st == ParseStatus::Error) {
                r.error = parser.error();
                return r;
            }
            r.commands.emplace_back(argv.begin(), argv.end());
            std::memmove(buf.get(), buf.get() + consumed, len - consumed);
            len -= consumed;
        }
    }
    r.pending = len;
    return r;
}

inline FeedResult feed_whole(std::string_view input, const ParserLimits& limits = {}) {
    return feed(input, {}, limits);
}

inline FeedResult feed_bytewise(std::string_view input, const ParserLimits& limits = {}) {
    std::vector<size_t> cuts;
    for (size_t i = 1; i < input.size(); i++) cuts.push_back(i);
    return feed(input, cuts, limits);
}

}  // namespace cairn::resp::test

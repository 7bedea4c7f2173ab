// SCAN's cursor, and HSCAN / SSCAN / ZSCAN argument parsing and replies, as Redis's
// scanGenericCommand does for a key's value: COUNT and MATCH (no TYPE), the reverse-binary
// Dict cursor for hashtable encodings, and everything in one call (cursor 0) for the compact
// encodings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class CommandContext;

struct ScanOptions {
    long long count = 10;
    std::string_view pattern;
    bool use_pattern = false;

    bool matches(std::string_view s) const;
};

// parseScanCursorOrReply (strtoul semantics on LP64: leading '+'/'-' accepted, "" is 0).
// Replies "ERR invalid cursor" on failure.
bool parse_scan_cursor(CommandContext& ctx, std::string_view arg, uint64_t& cursor);
// The options from argv[first] on. Replies the syntax error on failure.
bool parse_collection_scan_options(CommandContext& ctx, size_t first, ScanOptions& out);
// [cursor, [items...]]
void reply_collection_scan(CommandContext& ctx, uint64_t cursor,
                           const std::vector<std::string>& items);
// The reply for a missing key: ["0", []].
void reply_empty_scan(CommandContext& ctx);

}  // namespace cairn

#include "commands/collection_scan.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "commands/context.hpp"
#include "util/strings.hpp"

namespace cairn {

bool ScanOptions::matches(std::string_view s) const {
    return !use_pattern || util::glob_match(pattern, s);
}

bool parse_scan_cursor(CommandContext& ctx, std::string_view arg, uint64_t& cursor) {
    std::string buf(arg);
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(buf.c_str(), &end, 10);  // 64-bit on Windows too
    if ((!buf.empty() && std::isspace(static_cast<unsigned char>(buf[0]))) || *end != '\0' ||
        errno == ERANGE) {
        ctx.reply.error("ERR invalid cursor");
        return false;
    }
    cursor = v;
    return true;
}

bool parse_collection_scan_options(CommandContext& ctx, size_t first, ScanOptions& out) {
    for (size_t i = first; i < ctx.argc(); i += 2) {
        std::string_view opt = ctx.argv[i];
        const bool more = i + 1 < ctx.argc();
        if (util::iequals(opt, "count") && more) {
            if (!ctx.parse_ll(ctx.argv[i + 1], out.count)) return false;
            if (out.count < 1) {
                ctx.syntax_error();
                return false;
            }
        } else if (util::iequals(opt, "match") && more) {
            out.pattern = ctx.argv[i + 1];
            out.use_pattern = out.pattern != "*";
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    return true;
}

void reply_collection_scan(CommandContext& ctx, uint64_t cursor,
                           const std::vector<std::string>& items) {
    ctx.reply.array(2);
    ctx.reply.bulk(std::to_string(cursor));
    ctx.reply.array(items.size());
    for (const std::string& s : items) ctx.reply.bulk(s);
}

void reply_empty_scan(CommandContext& ctx) {
    ctx.reply.array(2);
    ctx.reply.bulk("0");
    ctx.reply.array(0);
}

}  // namespace cairn

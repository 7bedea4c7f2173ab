#include "commands/blocking_ops.hpp"

#include <climits>
#include <cmath>

#include "clients/client.hpp"
#include "commands/context.hpp"
#include "util/strings.hpp"

namespace cairn::blocking {

bool parse_timeout(CommandContext& ctx, std::string_view arg, int64_t& deadline_ms) {
    long double seconds;
    if (!util::string_to_ld(arg, seconds)) {
        ctx.reply.error("ERR timeout is not a float or out of range");
        return false;
    }
    long double ms = seconds * 1000.0L;
    if (ms > static_cast<long double>(LLONG_MAX)) {
        ctx.reply.error("ERR timeout is out of range");
        return false;
    }
    long long tval = static_cast<long long>(std::ceil(ms));
    if (tval < 0) {
        ctx.reply.error("ERR timeout is negative");
        return false;
    }
    if (tval > 0 && tval > LLONG_MAX - ctx.now_ms) {
        ctx.reply.error("ERR timeout is out of range");
        return false;
    }
    deadline_ms = tval > 0 ? ctx.now_ms + tval : 0;
    return true;
}

bool retrying(const CommandContext& ctx) {
    return (ctx.client.flags & kBlocked) != 0;
}

void served(CommandContext& ctx) {
    if (retrying(ctx)) ctx.host.unblock_client(ctx.client);
}

void block_on(CommandContext& ctx, const std::vector<std::string_view>& keys, int64_t deadline,
              bool null_bulk) {
    if (retrying(ctx)) return;  // still nothing: stays blocked where it was
    if (ctx.client.flags & kDenyBlocking) {
        // Inside EXEC: answer at once as the non-blocking form would.
        if (null_bulk) {
            ctx.reply.null();
        } else {
            ctx.reply.null_array();
        }
        return;
    }
    ctx.host.block_client(ctx.client, ctx.cmd, ctx.argv, ctx.client.db_index, keys, deadline,
                          TimeoutReply::NullArray);
}

}  // namespace cairn::blocking

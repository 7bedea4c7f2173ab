// WAIT numreplicas timeout: Cairn has no replicas yet, so no write is ever acknowledged.
// Like Redis without replicas, it answers 0 at once when 0 replicas are asked for (or inside
// EXEC), and otherwise blocks until the timeout (milliseconds, 0 = forever) or CLIENT UNBLOCK.
#include <climits>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"

namespace cairn {

namespace {

void wait(CommandContext& ctx) {
    long long replicas;
    if (!ctx.parse_ll(ctx.argv[1], replicas)) return;
    long long timeout;
    if (!ctx.parse_ll_range(ctx.argv[2], LLONG_MIN, LLONG_MAX, timeout,
                            "ERR timeout is not an integer or out of range")) {
        return;
    }
    if (timeout < 0) {
        ctx.reply.error("ERR timeout is negative");
        return;
    }
    if (timeout > 0 && timeout > LLONG_MAX - ctx.now_ms) {
        ctx.reply.error("ERR timeout is out of range");
        return;
    }
    const long long acked = 0;
    if (acked >= replicas || (ctx.client.flags & kDenyBlocking)) {
        ctx.reply.integer(acked);
        return;
    }
    int64_t deadline = timeout > 0 ? ctx.now_ms + timeout : 0;
    ctx.host.block_client(ctx.client, ctx.cmd, ctx.argv, ctx.client.db_index, {}, deadline,
                          TimeoutReply::Zero);
}

}  // namespace

void register_wait_command(CommandTable& t) {
    t.add_handlers({
        {"wait", wait},
    });
}

}  // namespace cairn

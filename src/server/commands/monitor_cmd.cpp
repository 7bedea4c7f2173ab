// MONITOR: the client receives every command the server runs (server/monitor.hpp).
#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"

namespace cairn {

namespace {

void monitor(CommandContext& ctx) {
    // Such a client expects one reply per command (inside EXEC, for one).
    if (ctx.client.flags & kDenyBlocking) {
        ctx.reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
        return;
    }
    if (ctx.client.flags & kMonitor) return;  // already monitoring: Redis replies nothing
    server_of(ctx).monitors().add(ctx.client);
    ctx.reply.ok();
}

}  // namespace

void register_monitor_command(CommandTable& t) {
    t.add_handlers({
        {"monitor", monitor},
    });
}

}  // namespace cairn

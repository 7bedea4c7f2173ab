// SLOWLOG GET [count] | LEN | RESET | HELP (Redis's slowlogCommand).
#include <climits>
#include <iterator>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"

namespace cairn {

namespace {

constexpr long long kDefaultCount = 10;

void slowlog_get(CommandContext& ctx) {
    long long count = kDefaultCount;
    if (ctx.argc() == 3 && !ctx.parse_ll_range(ctx.argv[2], -1, LLONG_MAX, count,
                                               "ERR count should be greater than or equal to -1")) {
        return;
    }
    const auto& entries = server_of(ctx).slowlog().entries();
    size_t n = entries.size();
    if (count >= 0 && static_cast<unsigned long long>(count) < n) n = static_cast<size_t>(count);
    ctx.reply.array(n);
    for (size_t i = 0; i < n; i++) {
        const SlowLog::Entry& e = entries[i];
        ctx.reply.array(6);
        ctx.reply.integer(static_cast<long long>(e.id));
        ctx.reply.integer(e.time_s);
        ctx.reply.integer(e.duration_us);
        ctx.reply.array(e.args.size());
        for (const std::string& a : e.args) ctx.reply.bulk(a);
        ctx.reply.bulk(e.peer);
        ctx.reply.bulk(e.name);
    }
}

void slowlog_len(CommandContext& ctx) {
    ctx.reply.integer(static_cast<long long>(server_of(ctx).slowlog().size()));
}

void slowlog_reset(CommandContext& ctx) {
    server_of(ctx).slowlog().reset();
    ctx.reply.ok();
}

void slowlog_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void register_slowlog_command(CommandTable& t) {
    t.add_handlers({
        {"slowlog|get", slowlog_get},
        {"slowlog|len", slowlog_len},
        {"slowlog|reset", slowlog_reset},
        {"slowlog|help", slowlog_help},
    });
}

}  // namespace cairn

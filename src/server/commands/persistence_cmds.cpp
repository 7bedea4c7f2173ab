// SAVE BGSAVE LASTSAVE BGREWRITEAOF (DEBUG RELOAD / LOADAOF live with DEBUG in debug_cmd.cpp).
#include <string>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"

#include "server/aof.hpp"
#include "server/log.hpp"
#include "server/persistence.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

void save(CommandContext& ctx) {
    Persistence& p = server_of(ctx).persistence();
    if (p.bgsave_in_progress()) {
        ctx.reply.error("ERR Background save already in progress");
        return;
    }
    if (p.save()) {
        ctx.reply.ok();
    } else {
        ctx.reply.error("ERR");
    }
}

void bgsave(CommandContext& ctx) {
    bool schedule = false;
    if (ctx.argc() > 1) {
        if (ctx.argc() == 2 && util::iequals(ctx.argv[1], "schedule")) {
            schedule = true;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    Persistence& p = server_of(ctx).persistence();
    if (p.bgsave_in_progress()) {
        ctx.reply.error("ERR Background save already in progress");
        return;
    }
    // Inside EXEC Redis cannot fork either: the save starts from the cron, right after.
    if (server_of(ctx).in_exec()) {
        p.schedule_bgsave();
        ctx.reply.simple("Background saving scheduled");
        return;
    }
    (void)schedule;  // with no other background job, SCHEDULE starts at once as Redis does
    std::string err;
    if (p.start_bgsave(err)) {
        ctx.reply.simple("Background saving started");
    } else {
        ctx.reply.error(err);
    }
}

void bgrewriteaof(CommandContext& ctx) {
    Server& s = server_of(ctx);
    Aof& aof = s.persistence().aof();
    if (aof.rewrite_in_progress()) {
        ctx.reply.error("ERR Background append only file rewriting already in progress");
    } else if (s.persistence().background_job() || s.in_exec()) {
        aof.schedule_rewrite();
        ctx.reply.simple("Background append only file rewriting scheduled");
    } else {
        std::string err;
        if (aof.start_rewrite(err)) {
            ctx.reply.simple("Background append only file rewriting started");
        } else {
            ctx.reply.error(
                "ERR Can't execute an AOF background rewriting. Please check the server logs "
                "for more information.");
        }
    }
}

void lastsave(CommandContext& ctx) {
    ctx.reply.integer(server_of(ctx).persistence().lastsave());
}

}  // namespace

void register_persistence_commands(CommandTable& t) {
    t.add_handlers({
        {"save", save},
        {"bgsave", bgsave},
        {"lastsave", lastsave},
        {"bgrewriteaof", bgrewriteaof},
    });
}

}  // namespace cairn

// SAVE BGSAVE LASTSAVE BGREWRITEAOF, and DEBUG RELOAD / LOADAOF (the other DEBUG subcommands
// belong to the drop-in work).
#include <string>

#include <cstdlib>
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

void debug_reload(CommandContext& ctx) {
    bool flush = true, save_first = true, merge = false;
    for (size_t j = 2; j < ctx.argc(); j++) {
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "merge")) {
            merge = true;
        } else if (util::iequals(opt, "noflush")) {
            flush = false;
        } else if (util::iequals(opt, "nosave")) {
            save_first = false;
        } else {
            ctx.reply.error(
                "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
        }
    }
    Server& s = server_of(ctx);
    if (save_first && !s.persistence().save()) {
        ctx.reply.error("ERR");
        return;
    }
    if (flush) s.empty_data();
    if (!s.persistence().load_now(merge)) {
        ctx.reply.error("ERR Error trying to load the RDB dump, check server logs.");
        return;
    }
    log(LogLevel::Warning, "DB reloaded by DEBUG RELOAD");
    ctx.reply.ok();
}

// DEBUG LOADAOF: the data again from the AOF files, as Redis (which exits when they cannot be
// loaded).
void debug_loadaof(CommandContext& ctx) {
    Server& s = server_of(ctx);
    Aof& aof = s.persistence().aof();
    if (aof.state() == Aof::State::On) aof.flush(true);
    s.empty_data();
    if (!aof.load_now()) {
        log(LogLevel::Warning, "Can't load the AOF files by DEBUG LOADAOF. Exiting.");
        std::_Exit(1);
    }
    s.stats().dirty = 0;
    log(LogLevel::Warning, "Append Only File loaded by DEBUG LOADAOF");
    ctx.reply.ok();
}

void debug(CommandContext& ctx) {
    std::string_view sub = ctx.argv[1];
    if (util::iequals(sub, "reload")) {
        debug_reload(ctx);
    } else if (util::iequals(sub, "loadaof") && ctx.argc() == 2) {
        debug_loadaof(ctx);
    } else if (util::iequals(sub, "help") && ctx.argc() == 2) {
        static const char* const kHelp[] = {
            "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "LOADAOF",
            "    Flush the AOF buffers on disk and reload the AOF in memory.",
            "HELP",
            "    Print this help.",
        };
        ctx.reply.array(std::size(kHelp));
        for (const char* line : kHelp) ctx.reply.simple(line);
    } else {
        ctx.reply.error("ERR unknown subcommand '" + std::string(sub.substr(0, 128)) +
                        "'. Try DEBUG HELP.");
    }
}

}  // namespace

void register_persistence_commands(CommandTable& t) {
    t.add_handlers({
        {"save", save},
        {"bgsave", bgsave},
        {"lastsave", lastsave},
        {"bgrewriteaof", bgrewriteaof},
        {"debug", debug},
    });
}

}  // namespace cairn

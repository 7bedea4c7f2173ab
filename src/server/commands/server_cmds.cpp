// Server commands: TIME DBSIZE FLUSHDB FLUSHALL SWAPDB SHUTDOWN.
#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "db/database.hpp"
#include "server/commands/server_commands.hpp"
#include "server/persistence.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

void time_cmd(CommandContext& ctx) {
    server_of(ctx).update_time();
    int64_t us = server_of(ctx).now_us();
    ctx.reply.array(2);
    ctx.reply.bulk(util::ll_to_string(us / 1000000));
    ctx.reply.bulk(util::ll_to_string(us % 1000000));
}

void dbsize(CommandContext& ctx) {
    ctx.reply.integer(static_cast<long long>(ctx.db().size()));
}

// FLUSHDB / FLUSHALL option: [ASYNC | SYNC]. Both free synchronously here: freeing is
// cheap next to a network round trip at the sizes this build holds.
bool parse_flush_flags(CommandContext& ctx) {
    if (ctx.argc() > 2) {
        ctx.syntax_error();
        return false;
    }
    if (ctx.argc() == 2 && !util::iequals(ctx.argv[1], "sync") &&
        !util::iequals(ctx.argv[1], "async")) {
        ctx.syntax_error();
        return false;
    }
    return true;
}

void flush_db(CommandContext& ctx, db::Database& d) {
    server_of(ctx).db_replaced(d, nullptr);
    server_of(ctx).stats().dirty += d.size();
    d.clear();
}

void flushdb(CommandContext& ctx) {
    if (!parse_flush_flags(ctx)) return;
    flush_db(ctx, ctx.db());
    server_of(ctx).tracking().invalidate_all();
    // Propagated even when the database was already empty, as Redis does.
    ctx.force_propagation(kPropagateAll);
    ctx.reply.ok();
}

// Redis's flushAllDataAndResetRDB: a running BGSAVE is stopped, and with save points the
// empty dataset is saved at once, which leaves no change unsaved (rdb_changes_since_last_save
// 0, as redis-server 7.0.15 shows; rdb_saves counts SAVE and BGSAVE only). FLUSHALL is
// propagated by force, not by the dirty count.
void flushall(CommandContext& ctx) {
    if (!parse_flush_flags(ctx)) return;
    Server& s = server_of(ctx);
    s.persistence().kill_bgsave();
    s.stats().dirty += s.empty_data();
    if (!s.config().save_params.empty() && s.persistence().save(false)) {
        s.stats().dirty = 0;
    } else {
        s.stats().dirty++;
    }
    ctx.force_propagation(kPropagateAll);
    ctx.reply.ok();
}

void swapdb(CommandContext& ctx) {
    long long a, b;
    if (!util::string_to_ll(ctx.argv[1], a) || a < INT32_MIN || a > INT32_MAX) {
        ctx.reply.error("ERR invalid first DB index");
        return;
    }
    if (!util::string_to_ll(ctx.argv[2], b) || b < INT32_MIN || b > INT32_MAX) {
        ctx.reply.error("ERR invalid second DB index");
        return;
    }
    int n = server_of(ctx).db_count();
    if (a < 0 || a >= n || b < 0 || b >= n) {
        ctx.reply.error("ERR DB index is out of range");
        return;
    }
    if (a != b) {
        db::Database& da = server_of(ctx).db(static_cast<int>(a));
        db::Database& db = server_of(ctx).db(static_cast<int>(b));
        server_of(ctx).db_replaced(da, &db);
        server_of(ctx).db_replaced(db, &da);
        da.swap(db);
        // Clients blocked on keys of either db may find them filled now.
        server_of(ctx).blocking().db_touched(da.id());
        server_of(ctx).blocking().db_touched(db.id());
    }
    server_of(ctx).stats().dirty++;  // even for one db with itself, as Redis (it propagates)
    ctx.reply.ok();
}

void shutdown(CommandContext& ctx) {
    bool nosave = false, save = false, abort = false, force = false;
    for (size_t i = 1; i < ctx.argc(); i++) {
        std::string_view a = ctx.argv[i];
        if (util::iequals(a, "nosave")) {
            nosave = true;
        } else if (util::iequals(a, "save")) {
            save = true;
        } else if (util::iequals(a, "now")) {
            // NOW skips waiting for lagging replicas: there are none to wait for.
        } else if (util::iequals(a, "force")) {
            force = true;
        } else if (util::iequals(a, "abort")) {
            abort = true;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if ((abort && ctx.argc() > 2) || (nosave && save)) {
        ctx.syntax_error();
        return;
    }
    if (abort) {
        ctx.reply.error("ERR No shutdown in progress.");
        return;
    }
    // During a busy script only SHUTDOWN NOSAVE goes through (Redis's shutdownCommand).
    if (!nosave && server_of(ctx).scripts().timed_out()) {
        ctx.reply.error(server_of(ctx).scripts().running_eval()
                            ? "BUSY Redis is busy running a script. You can only call SCRIPT "
                              "KILL or SHUTDOWN NOSAVE."
                            : "BUSY Redis is busy running a script. You can only call FUNCTION "
                              "KILL or SHUTDOWN NOSAVE.");
        return;
    }
    const ShutdownMode mode =
        save ? ShutdownMode::Save : (nosave ? ShutdownMode::NoSave : ShutdownMode::Default);
    if (!server_of(ctx).prepare_shutdown(mode, force)) {
        ctx.reply.error("ERR Errors trying to SHUTDOWN. Check logs.");
        return;
    }
    // Like Redis, the client that asked gets no reply: its connection closes with the server.
    server_of(ctx).request_shutdown(mode, true);
}

}  // namespace

void register_server_commands(CommandTable& t) {
    t.add_handlers({
        {"time", time_cmd},
        {"dbsize", dbsize},
        {"flushdb", flushdb},
        {"flushall", flushall},
        {"swapdb", swapdb},
        {"shutdown", shutdown},
    });
}

}  // namespace cairn

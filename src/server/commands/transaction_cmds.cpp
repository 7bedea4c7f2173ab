// Transactions: MULTI EXEC DISCARD WATCH UNWATCH (Redis 7.0's multi.c). Queuing itself is in
// the dispatcher (server/dispatch.cpp); the watch bookkeeping in server/watched_keys.cpp.
#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "db/database.hpp"
#include "server/commands/server_commands.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"

namespace cairn {

namespace {

void multi(CommandContext& ctx) {
    if (ctx.client.flags & kMulti) {
        ctx.reply.error("ERR MULTI calls can not be nested");
        return;
    }
    ctx.client.flags |= kMulti;
    ctx.reply.ok();
}

void discard(CommandContext& ctx) {
    if (!(ctx.client.flags & kMulti)) {
        ctx.reply.error("ERR DISCARD without MULTI");
        return;
    }
    server_of(ctx).discard_transaction(ctx.client);
    ctx.reply.ok();
}

// A key that was alive when WATCHed and has expired since counts as changed, even when no
// access deleted it yet (Redis's isWatchedKeyExpired).
bool watched_key_expired(CommandContext& ctx) {
    const TxState* tx = ctx.client.tx();
    if (!tx) return false;
    for (const WatchedKey& wk : tx->watched) {
        if (!wk.expired && server_of(ctx).db(wk.db).key_is_expired(wk.key, ctx.now_ms)) return true;
    }
    return false;
}

void exec(CommandContext& ctx) {
    Client& c = ctx.client;
    if (!(c.flags & kMulti)) {
        ctx.reply.error("ERR EXEC without MULTI");
        return;
    }
    if (watched_key_expired(ctx)) c.flags |= kDirtyCas;
    if (c.flags & (kDirtyCas | kDirtyExec)) {
        if (c.flags & kDirtyExec) {
            ctx.reply.error("EXECABORT Transaction discarded because of previous errors.");
        } else {
            ctx.reply.null_array();
        }
        server_of(ctx).discard_transaction(c);
        return;
    }
    // The queue leaves the client before anything runs: a queued command may reset it.
    std::vector<QueuedCommand> queue;
    if (TxState* tx = c.tx()) {
        queue.swap(tx->queue);
        tx->running = queue.size();
    }
    server_of(ctx).watched_keys().unwatch_all(c);
    // Blocking commands inside the transaction answer at once as if they timed out.
    uint32_t saved = c.flags & kDenyBlocking;
    c.flags |= kDenyBlocking;
    ctx.reply.array(queue.size());
    std::vector<std::string_view> argv;
    for (const QueuedCommand& q : queue) {
        argv.assign(q.argv.begin(), q.argv.end());
        server_of(ctx).call(c, *q.cmd, argv);
        if (c.closed) break;
    }
    c.flags = (c.flags & ~static_cast<uint32_t>(kDenyBlocking)) | saved;
    // CLIENT LIST shows the transaction as running (flag x, multi=N) until here.
    server_of(ctx).discard_transaction(c);
}

void watch(CommandContext& ctx) {
    if (ctx.client.flags & kMulti) {
        ctx.reply.error("ERR WATCH inside MULTI is not allowed");
        return;
    }
    // A client whose transaction already failed need not watch more (Redis 7.0 does the same).
    if (!(ctx.client.flags & kDirtyCas)) {
        db::Database& d = ctx.db();
        for (size_t i = 1; i < ctx.argc(); i++) {
            bool expired = d.key_is_expired(ctx.argv[i], ctx.now_ms);
            server_of(ctx).watched_keys().watch(ctx.client, d.id(), ctx.argv[i], expired);
        }
    }
    ctx.reply.ok();
}

void unwatch(CommandContext& ctx) {
    server_of(ctx).watched_keys().unwatch_all(ctx.client);
    ctx.client.flags &= ~static_cast<uint32_t>(kDirtyCas);
    ctx.reply.ok();
}

}  // namespace

void register_transaction_commands(CommandTable& t) {
    t.add_handlers({
        {"multi", multi},
        {"exec", exec},
        {"discard", discard},
        {"watch", watch},
        {"unwatch", unwatch},
    });
}

}  // namespace cairn

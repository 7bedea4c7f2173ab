// Blocking list pops: BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP. When nothing can be served the
// client blocks (server/blocking.hpp); when a key is written the command runs again and either
// serves the client or leaves it blocked in its place.
#include "clients/client.hpp"
#include "commands/blocking_ops.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using lists::parse_where;
using lists::Where;

using blocking::block_on;
using blocking::parse_timeout;
using blocking::retrying;
using blocking::served;

void blocking_pop(CommandContext& ctx, Where where) {
    int64_t deadline;
    if (!parse_timeout(ctx, ctx.argv.back(), deadline)) return;
    std::vector<std::string_view> keys(ctx.argv.begin() + 1, ctx.argv.end() - 1);
    for (std::string_view key : keys) {
        db::Object* o = ctx.lookup_write(key);
        if (!o) continue;
        if (o->type != db::ObjType::List) {
            if (retrying(ctx)) continue;  // Redis serves blocked clients only from lists
            ctx.wrong_type();
            return;
        }
        if (lists::list_of(*o).empty()) continue;
        served(ctx);
        ctx.propagate_as({where == Where::Head ? "LPOP" : "RPOP", std::string(key)});
        std::string value = lists::list_pop(*o, where);
        ctx.reply.array(2);
        ctx.reply.bulk(key);
        ctx.reply.bulk(value);
        lists::list_elements_removed(ctx, key, *o, where, 1);
        return;
    }
    block_on(ctx, keys, deadline);
}

void blpop(CommandContext& ctx) {
    blocking_pop(ctx, Where::Head);
}
void brpop(CommandContext& ctx) {
    blocking_pop(ctx, Where::Tail);
}

// BLMOVE and BRPOPLPUSH are propagated as LMOVE and RPOPLPUSH: with the client's words when
// served at once, with Redis's own "left" / "right" when served after blocking.
void propagate_move(CommandContext& ctx, Where from, Where to, bool was_blocked) {
    if (!ctx.propagating()) return;
    std::string src(ctx.argv[1]);
    std::string dst(ctx.argv[2]);
    if (ctx.argc() == 4) {  // BRPOPLPUSH source destination timeout
        ctx.propagate_as({"RPOPLPUSH", std::move(src), std::move(dst)});
        return;
    }
    auto side = [&](Where w, size_t arg) {
        if (!was_blocked) return std::string(ctx.argv[arg]);
        return std::string(w == Where::Head ? "left" : "right");
    };
    ctx.propagate_as({"LMOVE", std::move(src), std::move(dst), side(from, 3), side(to, 4)});
}

void blocking_move(CommandContext& ctx, Where from, Where to, std::string_view timeout) {
    int64_t deadline;
    if (!parse_timeout(ctx, timeout, deadline)) return;
    std::string_view src = ctx.argv[1];
    std::string_view dst = ctx.argv[2];
    db::Object* o = ctx.lookup_write(src);
    if (o && o->type != db::ObjType::List) {
        if (!retrying(ctx)) ctx.wrong_type();
        return;
    }
    if (o && !lists::list_of(*o).empty()) {
        if (retrying(ctx)) {
            // A destination of the wrong type: the client is unblocked with WRONGTYPE and the
            // element stays in the source for the next client (serveClientBlockedOnList).
            db::Object* d = ctx.lookup_write(dst);
            if (d && d->type != db::ObjType::List) {
                served(ctx);
                ctx.wrong_type();
                return;
            }
        }
        propagate_move(ctx, from, to, retrying(ctx));
        served(ctx);
        lists::lmove_from(ctx, src, *o, dst, from, to);
        return;
    }
    block_on(ctx, {src}, deadline, true);
}

void blmove(CommandContext& ctx) {
    Where from, to;
    if (!parse_where(ctx, ctx.argv[3], from) || !parse_where(ctx, ctx.argv[4], to)) return;
    blocking_move(ctx, from, to, ctx.argv[5]);
}

void brpoplpush(CommandContext& ctx) {
    blocking_move(ctx, Where::Tail, Where::Head, ctx.argv[3]);
}

void blmpop(CommandContext& ctx) {
    int64_t deadline;
    if (!parse_timeout(ctx, ctx.argv[1], deadline)) return;
    lists::MpopArgs args;
    if (!lists::parse_mpop(ctx, 2, args)) return;
    if (retrying(ctx)) {
        // Serve only from a key that holds a non-empty list now.
        for (std::string_view key : args.keys) {
            db::Object* o = ctx.lookup_write(key);
            if (o && o->type == db::ObjType::List && !lists::list_of(*o).empty()) {
                served(ctx);
                lists::MpopArgs one{{key}, args.where, args.count};
                lists::mpop_first(ctx, one);
                return;
            }
        }
        return;
    }
    if (lists::mpop_first(ctx, args)) return;
    block_on(ctx, args.keys, deadline);
}

}  // namespace

void register_blocking_list_commands(CommandTable& t) {
    t.add_handlers({
        {"blpop", blpop},
        {"brpop", brpop},
        {"blmove", blmove},
        {"brpoplpush", brpoplpush},
        {"blmpop", blmpop},
    });
}

}  // namespace cairn

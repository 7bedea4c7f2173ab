// Blocking sorted-set pops: BZPOPMIN BZPOPMAX BZMPOP. When nothing can be served the client
// blocks (server/blocking.hpp); when a key is written the command runs again and either
// serves the client or leaves it blocked in its place.
#include <string>
#include <string_view>
#include <vector>

#include "commands/blocking_ops.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/zset_ops.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using blocking::retrying;
using db::Object;
using db::ObjType;

// Pops from the first key holding a sorted set. On the first run a key of another type is a
// WRONGTYPE error (Redis checks every key in order); a re-run skips it, as Redis serves
// blocked clients only from sorted sets. True when it replied.
bool pop_first(CommandContext& ctx, const std::vector<std::string_view>& keys, bool max,
               size_t count, zsets::PopShape shape) {
    for (std::string_view key : keys) {
        Object* o = ctx.lookup_write(key);
        if (!o) continue;
        if (o->type != ObjType::ZSet) {
            if (retrying(ctx)) continue;
            ctx.wrong_type();
            return true;
        }
        blocking::served(ctx);
        // Propagated as ZPOPMIN / ZPOPMAX key, with BZMPOP's count of members popped.
        if (ctx.propagating()) {
            std::vector<std::string> words{max ? "ZPOPMAX" : "ZPOPMIN", std::string(key)};
            if (shape == zsets::PopShape::NestedKey) {
                words.push_back(zsets::popped_count(*o, count));
            }
            ctx.propagate_as(std::move(words));
        }
        zsets::pop_reply(ctx, key, *o, max, count, shape);
        return true;
    }
    return false;
}

void bzpop_generic(CommandContext& ctx, bool max) {
    int64_t deadline;
    if (!blocking::parse_timeout(ctx, ctx.argv.back(), deadline)) return;
    std::vector<std::string_view> keys(ctx.argv.begin() + 1, ctx.argv.end() - 1);
    if (pop_first(ctx, keys, max, 1, zsets::PopShape::FlatKey)) return;
    blocking::block_on(ctx, keys, deadline);
}

void bzpopmin_command(CommandContext& ctx) {
    bzpop_generic(ctx, false);
}
void bzpopmax_command(CommandContext& ctx) {
    bzpop_generic(ctx, true);
}

void bzmpop_command(CommandContext& ctx) {
    int64_t deadline;
    if (!blocking::parse_timeout(ctx, ctx.argv[1], deadline)) return;
    zsets::MpopArgs args;
    if (!zsets::parse_mpop(ctx, 2, args)) return;
    if (pop_first(ctx, args.keys, args.max, static_cast<size_t>(args.count),
                  zsets::PopShape::NestedKey))
        return;
    blocking::block_on(ctx, args.keys, deadline);
}

}  // namespace

void register_blocking_zset_commands(CommandTable& t) {
    t.add_handlers({
        {"bzpopmin", bzpopmin_command},
        {"bzpopmax", bzpopmax_command},
        {"bzmpop", bzmpop_command},
    });
}

}  // namespace cairn

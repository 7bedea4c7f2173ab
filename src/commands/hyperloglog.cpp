// HyperLogLog commands (Redis 7.0 hyperloglog.c): PFADD PFCOUNT PFMERGE. The values are plain
// strings in Redis's HYLL format (db/hyperloglog.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/hyperloglog.hpp"
#include "db/object.hpp"

namespace cairn {

namespace {

using db::Object;
using db::ObjType;
namespace hll = db::hll;

constexpr std::string_view kInvalidHll = "INVALIDOBJ Corrupted HLL object detected";

// isHLLObjectOrReply: WRONGTYPE for another type or a string that is not a HyperLogLog.
bool check_hll(CommandContext& ctx, const Object& o) {
    if (o.type != ObjType::String) {
        ctx.wrong_type();
        return false;
    }
    if (!hll::looks_valid(o.str)) {
        ctx.reply.error("WRONGTYPE Key is not a valid HyperLogLog string value.");
        return false;
    }
    return true;
}

size_t sparse_max(CommandContext& ctx) {
    return static_cast<size_t>(ctx.config().hll_sparse_max_bytes);
}

Object new_hll() {
    Object o;
    o.type = ObjType::String;
    o.encoding = db::Encoding::Raw;
    o.str = hll::create();
    return o;
}

void pfadd_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    Object* o = ctx.lookup_write(key);
    size_t updated = 0;
    if (!o) {
        o = ctx.db().add(key, new_hll(), ctx.now_ms);
        updated++;
    } else {
        if (!check_hll(ctx, *o)) return;
        o->mark_raw();
    }
    const size_t max = sparse_max(ctx);
    for (size_t j = 2; j < ctx.argc(); j++) {
        const int r = hll::add(o->str, ctx.argv[j], max);
        if (r == 1) {
            updated++;
        } else if (r == -1) {
            ctx.reply.error(kInvalidHll);
            return;
        }
    }
    if (updated) {
        hll::invalidate_cache(o->str);
        lists::signal_changes(ctx, ctx.db(), key, updated);
        ctx.notify(notify::String, "pfadd", key);
    }
    ctx.reply.integer(updated ? 1 : 0);
}

void pfcount_command(CommandContext& ctx) {
    if (ctx.argc() > 2) {
        // The cardinality of the union, computed on one-byte registers.
        std::vector<uint8_t> max(hll::kRegisters, 0);
        for (size_t j = 1; j < ctx.argc(); j++) {
            Object* o = ctx.lookup_read(ctx.argv[j]);
            if (!o) continue;
            if (!check_hll(ctx, *o)) return;
            if (!hll::merge_into(max.data(), o->str)) {
                ctx.reply.error(kInvalidHll);
                return;
            }
        }
        ctx.reply.integer(static_cast<long long>(hll::count_registers(max.data())));
        return;
    }
    std::string_view key = ctx.argv[1];
    Object* o = ctx.lookup_read(key);
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (!check_hll(ctx, *o)) return;
    o->mark_raw();
    uint64_t card;
    if (hll::cache_valid(o->str)) {
        card = hll::cached_count(o->str);
    } else {
        bool invalid = false;
        card = hll::count(o->str, &invalid);
        if (invalid) {
            ctx.reply.error(kInvalidHll);
            return;
        }
        // Updating the cache changes the value: it is a write for watchers and replicas.
        hll::store_cache(o->str, card);
        ctx.key_modified(key);
    }
    ctx.reply.integer(static_cast<long long>(card));
}

void pfmerge_command(CommandContext& ctx) {
    std::vector<uint8_t> max(hll::kRegisters, 0);
    bool use_dense = false;
    for (size_t j = 1; j < ctx.argc(); j++) {
        Object* o = ctx.lookup_read(ctx.argv[j]);
        if (!o) continue;
        if (!check_hll(ctx, *o)) return;
        if (static_cast<uint8_t>(o->str[4]) == hll::kDense) use_dense = true;
        if (!hll::merge_into(max.data(), o->str)) {
            ctx.reply.error(kInvalidHll);
            return;
        }
    }
    std::string_view key = ctx.argv[1];
    Object* o = ctx.lookup_write(key);
    if (!o) {
        o = ctx.db().add(key, new_hll(), ctx.now_ms);
    } else {
        o->mark_raw();  // checked above as the first source
    }
    if (use_dense && !hll::to_dense(o->str)) {
        ctx.reply.error(kInvalidHll);
        return;
    }
    const size_t sparse = sparse_max(ctx);
    for (size_t j = 0; j < hll::kRegisters; j++) {
        if (max[j] == 0) continue;
        hll::set_register(o->str, j, max[j], sparse);
    }
    hll::invalidate_cache(o->str);
    ctx.key_modified(key);
    // As Redis: a merge is a mass add, so it is a "pfadd" event.
    ctx.notify(notify::String, "pfadd", key);
    ctx.reply.ok();
}

}  // namespace

void register_hyperloglog_commands(CommandTable& t) {
    t.add_handlers({
        {"pfadd", pfadd_command},
        {"pfcount", pfcount_command},
        {"pfmerge", pfmerge_command},
    });
}

}  // namespace cairn

// List commands (Redis 7.0 t_list.c), the non-blocking ones: LPUSH RPUSH LPUSHX RPUSHX LPOP
// RPOP LLEN LRANGE LINDEX LSET LINSERT LREM LTRIM LPOS LMOVE RPOPLPUSH LMPOP. The shared
// primitives (list_ops.hpp) are also what the blocking variants use.
#include <algorithm>
#include <climits>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "commands/mpop_args.hpp"
#include "commands/stats.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/list_value.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace lists {

using db::ListValue;
using db::Object;
using db::ObjType;

void signal_changes(CommandContext& ctx, db::Database& d, std::string_view key, size_t changes) {
    ctx.key_modified(d, key);
    auto& dirty = ctx.stats().dirty;
    if (changes == 0) {
        if (dirty > 0) dirty--;
    } else {
        dirty += changes - 1;
    }
}

void elements_removed(CommandContext& ctx, std::string_view key, bool emptied, size_t count,
                      int type, std::string_view event) {
    db::Database& d = ctx.db();
    if (emptied) d.remove(key);
    signal_changes(ctx, d, key, count);
    if (!event.empty()) ctx.notify(type, event, key);
    if (emptied) ctx.notify(notify::Generic, "del", key);
}

namespace {

// signalModifiedKey without a dirty change.
void signal_only(CommandContext& ctx, db::Database& d, std::string_view key) {
    signal_changes(ctx, d, key, 0);
}

}  // namespace

Object make_list(const config::Config& cfg) {
    Object o;
    o.type = ObjType::List;
    o.encoding = db::Encoding::QuickList;
    o.payload = std::make_unique<ListValue>(cfg.list_max_listpack_size, cfg.list_compress_depth);
    return o;
}

void list_push(Object& o, Where where, std::string_view value) {
    if (where == Where::Head) {
        list_of(o).push_front(value);
    } else {
        list_of(o).push_back(value);
    }
}

std::string list_pop(Object& o, Where where) {
    ListValue& l = list_of(o);
    std::string out;
    if (where == Where::Head) {
        out.assign(l.front());
        l.pop_front();
    } else {
        out.assign(l.back());
        l.pop_back();
    }
    return out;
}

size_t list_pop_reply(resp::Reply& reply, Object& o, Where where, size_t count) {
    ListValue& l = list_of(o);
    const size_t n = std::min(count, l.size());
    for (size_t i = 0; i < n; i++) {
        if (where == Where::Head) {
            reply.bulk(l.front());
            l.pop_front();
        } else {
            reply.bulk(l.back());
            l.pop_back();
        }
    }
    return n;
}

void reply_range(resp::Reply& reply, const Object& o, long long start, long long end,
                 bool reverse) {
    const ListValue& l = list_of(o);
    const long long llen = static_cast<long long>(l.size());
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
        reply.array(0);
        return;
    }
    if (end >= llen) end = llen - 1;
    const size_t n = static_cast<size_t>(end - start + 1);
    reply.array(n);
    l.for_range(static_cast<size_t>(start), n, reverse,
                [&reply](std::string_view v) { reply.bulk(v); });
}

void list_elements_removed(CommandContext& ctx, std::string_view key, Object& o, Where where,
                           size_t count, bool* deleted) {
    db::Database& d = ctx.db();
    const bool empty = list_of(o).empty();
    ctx.notify(notify::List, where == Where::Head ? "lpop" : "rpop", key);
    if (empty) {
        d.remove(key);
        ctx.notify(notify::Generic, "del", key);
    }
    if (deleted) *deleted = empty;
    signal_changes(ctx, d, key, count);
}

void pop_range_reply_with_key(CommandContext& ctx, std::string_view key, Object& o, Where where,
                              long long count, bool* deleted) {
    ctx.reply.array(2);
    ctx.reply.bulk(key);
    const size_t want = count > 0 ? static_cast<size_t>(count) : 0;
    const size_t n = std::min(want, list_of(o).size());
    ctx.reply.array(n);
    list_pop_reply(ctx.reply, o, where, n);
    list_elements_removed(ctx, key, o, where, n, deleted);
}

void lmove_handle_push(CommandContext& ctx, std::string_view dstkey, Object* dst,
                       std::string_view value, Where where) {
    db::Database& d = ctx.db();
    if (!dst) dst = d.add(dstkey, make_list(ctx.config()), ctx.now_ms);
    signal_only(ctx, d, dstkey);
    list_push(*dst, where, value);
    ctx.notify(notify::List, where == Where::Head ? "lpush" : "rpush", dstkey);
    ctx.reply.bulk(value);
}

bool lmove_from(CommandContext& ctx, std::string_view srckey, Object& src, std::string_view dstkey,
                Where from, Where to) {
    Object* dst;
    if (ctx.lookup_write_as(dstkey, ObjType::List, dst) == Lookup::WrongType) return false;
    // Copy the element: with srckey == dstkey the push goes to the same list.
    std::string value = list_pop(src, from);
    lmove_handle_push(ctx, dstkey, dst, value, to);
    db::Database& d = ctx.db();
    ctx.notify(notify::List, from == Where::Head ? "lpop" : "rpop", srckey);
    if (list_of(src).empty()) {
        d.remove(srckey);
        ctx.notify(notify::Generic, "del", srckey);
    }
    signal_changes(ctx, d, srckey, 1);
    return true;
}

}  // namespace lists

namespace {

using db::Object;
using db::ObjType;
using lists::list_of;
using lists::signal_changes;
using lists::Where;

// getPositiveLongFromObjectOrReply / getRangeLongFromObjectOrReply with a custom message:
// the same error for a non-number and for a value out of range.
bool parse_range(CommandContext& ctx, std::string_view arg, long long min, long long& out,
                 std::string_view err) {
    return ctx.parse_ll_range(arg, min, LLONG_MAX, out, err);
}

// ---------------------------------------------------------------------------------------------
// Push / pop

void push_generic(CommandContext& ctx, Where where, bool xx) {
    const auto& argv = ctx.argv;
    std::string_view key = argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return;
    db::Database& d = ctx.db();
    if (!o) {
        if (xx) {
            ctx.reply.integer(0);
            return;
        }
        o = d.add(key, lists::make_list(ctx.config()), ctx.now_ms);
    }
    db::ListValue& l = list_of(*o);
    if (where == Where::Head) {
        for (size_t j = 2; j < argv.size(); j++) l.push_front(argv[j]);
    } else {
        for (size_t j = 2; j < argv.size(); j++) l.push_back(argv[j]);
    }
    ctx.reply.integer(static_cast<long long>(l.size()));
    signal_changes(ctx, d, key, argv.size() - 2);
    ctx.notify(notify::List, where == Where::Head ? "lpush" : "rpush", key);
}

void lpush_command(CommandContext& ctx) {
    push_generic(ctx, Where::Head, false);
}
void rpush_command(CommandContext& ctx) {
    push_generic(ctx, Where::Tail, false);
}
void lpushx_command(CommandContext& ctx) {
    push_generic(ctx, Where::Head, true);
}
void rpushx_command(CommandContext& ctx) {
    push_generic(ctx, Where::Tail, true);
}

void pop_generic(CommandContext& ctx, Where where) {
    const bool hascount = ctx.argc() == 3;
    long long count = 0;
    if (ctx.argc() > 3) {
        std::string msg = "ERR wrong number of arguments for '";
        msg += ctx.cmd.full_name();
        msg += "' command";
        ctx.reply.error(msg);
        return;
    }
    if (hascount &&
        !parse_range(ctx, ctx.argv[2], 0, count, "ERR value is out of range, must be positive"))
        return;
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        if (hascount) {
            ctx.reply.null_array();
        } else {
            ctx.reply.null();
        }
        return;
    }
    if (hascount && count == 0) {
        ctx.reply.array(0);
        return;
    }
    size_t popped;
    if (!hascount) {
        popped = lists::list_pop_reply(ctx.reply, *o, where, 1);
    } else {
        const size_t n = std::min(static_cast<size_t>(count), list_of(*o).size());
        ctx.reply.array(n);
        popped = lists::list_pop_reply(ctx.reply, *o, where, n);
    }
    lists::list_elements_removed(ctx, key, *o, where, popped);
}

void lpop_command(CommandContext& ctx) {
    pop_generic(ctx, Where::Head);
}
void rpop_command(CommandContext& ctx) {
    pop_generic(ctx, Where::Tail);
}

// ---------------------------------------------------------------------------------------------
// Reads

void llen_command(CommandContext& ctx) {
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    ctx.reply.integer(static_cast<long long>(list_of(*o).size()));
}

void lrange_command(CommandContext& ctx) {
    long long start, end;
    if (!ctx.parse_ll(ctx.argv[2], start) || !ctx.parse_ll(ctx.argv[3], end)) return;
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.array(0);
        return;
    }
    lists::reply_range(ctx.reply, *o, start, end, false);
}

void lindex_command(CommandContext& ctx) {
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.null();
        return;
    }
    long long index;
    if (!ctx.parse_ll(ctx.argv[2], index)) return;
    if (auto v = list_of(*o).at(index)) {
        ctx.reply.bulk(*v);
    } else {
        ctx.reply.null();
    }
}

void lpos_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    long long rank = 1, count = -1, maxlen = 0;  // count -1: option not given
    for (size_t j = 3; j < argv.size(); j++) {
        std::string_view opt = argv[j];
        const bool more = j + 1 < argv.size();
        if (util::iequals(opt, "rank") && more) {
            if (!ctx.parse_ll(argv[++j], rank)) return;
            if (rank == 0) {
                ctx.reply.error(
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                    "second ... or use negative to start from the end of the list");
                return;
            }
        } else if (util::iequals(opt, "count") && more) {
            if (!parse_range(ctx, argv[++j], 0, count, "ERR COUNT can't be negative")) return;
        } else if (util::iequals(opt, "maxlen") && more) {
            if (!parse_range(ctx, argv[++j], 0, maxlen, "ERR MAXLEN can't be negative")) return;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    Object* o;
    if (ctx.lookup_read_as(argv[1], ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        if (count != -1) {
            ctx.reply.array(0);
        } else {
            ctx.reply.null();
        }
        return;
    }
    std::vector<long long> found =
        list_of(*o).positions(argv[2], rank, count == -1 ? 1 : count, maxlen);
    if (count != -1) {
        ctx.reply.array(found.size());
        for (long long i : found) ctx.reply.integer(i);
    } else if (!found.empty()) {
        ctx.reply.integer(found[0]);
    } else {
        ctx.reply.null();
    }
}

// ---------------------------------------------------------------------------------------------
// Writes in the middle

void lset_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    long long index;
    if (!ctx.parse_ll(ctx.argv[2], index)) return;
    if (!list_of(*o).set(index, ctx.argv[3])) {
        ctx.reply.error("ERR index out of range");
        return;
    }
    ctx.reply.ok();
    ctx.key_modified(key);
    ctx.notify(notify::List, "lset", key);
}

void linsert_command(CommandContext& ctx) {
    bool after;
    if (util::iequals(ctx.argv[2], "after")) {
        after = true;
    } else if (util::iequals(ctx.argv[2], "before")) {
        after = false;
    } else {
        ctx.syntax_error();
        return;
    }
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    db::ListValue& l = list_of(*o);
    if (!l.insert(ctx.argv[3], ctx.argv[4], after)) {
        ctx.reply.integer(-1);
        return;
    }
    ctx.key_modified(key);
    ctx.notify(notify::List, "linsert", key);
    ctx.reply.integer(static_cast<long long>(l.size()));
}

void lrem_command(CommandContext& ctx) {
    long long toremove;
    if (!ctx.parse_ll(ctx.argv[2], toremove)) return;
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    db::Database& d = ctx.db();
    const size_t removed = list_of(*o).remove(ctx.argv[3], toremove);
    if (removed) {
        signal_changes(ctx, d, key, removed);
        ctx.notify(notify::List, "lrem", key);
    }
    if (list_of(*o).empty()) {
        d.remove(key);
        ctx.notify(notify::Generic, "del", key);
    }
    ctx.reply.integer(static_cast<long long>(removed));
}

void ltrim_command(CommandContext& ctx) {
    long long start, end;
    if (!ctx.parse_ll(ctx.argv[2], start) || !ctx.parse_ll(ctx.argv[3], end)) return;
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.ok();
        return;
    }
    db::ListValue& l = list_of(*o);
    const long long llen = static_cast<long long>(l.size());
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    long long ltrim, rtrim;
    if (start > end || start >= llen) {
        ltrim = llen;
        rtrim = 0;
    } else {
        if (end >= llen) end = llen - 1;
        ltrim = start;
        rtrim = llen - end - 1;
    }
    l.keep_range(static_cast<size_t>(ltrim), static_cast<size_t>(llen - ltrim - rtrim));
    db::Database& d = ctx.db();
    ctx.notify(notify::List, "ltrim", key);
    const bool emptied = l.empty();
    if (emptied) d.remove(key);
    signal_changes(ctx, d, key, static_cast<size_t>(ltrim + rtrim));
    if (emptied) ctx.notify(notify::Generic, "del", key);
    ctx.reply.ok();
}

// ---------------------------------------------------------------------------------------------
// Moving and multi-key pops

void lmove_generic(CommandContext& ctx, Where from, Where to) {
    std::string_view src = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(src, ObjType::List, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (list_of(*o).empty()) {
        ctx.reply.null();
        return;
    }
    lists::lmove_from(ctx, src, *o, ctx.argv[2], from, to);
}

void lmove_command(CommandContext& ctx) {
    Where from, to;
    if (!parse_where(ctx, ctx.argv[3], from) || !parse_where(ctx, ctx.argv[4], to)) return;
    lmove_generic(ctx, from, to);
}

void rpoplpush_command(CommandContext& ctx) {
    lmove_generic(ctx, Where::Tail, Where::Head);
}

void lmpop_command(CommandContext& ctx) {
    lists::MpopArgs args;
    if (!lists::parse_mpop(ctx, 1, args)) return;
    if (!lists::mpop_first(ctx, args)) ctx.reply.null_array();
}

}  // namespace

void register_list_commands(CommandTable& t) {
    t.add_handlers({
        {"lpush", lpush_command},
        {"rpush", rpush_command},
        {"lpushx", lpushx_command},
        {"rpushx", rpushx_command},
        {"lpop", lpop_command},
        {"rpop", rpop_command},
        {"llen", llen_command},
        {"lrange", lrange_command},
        {"lindex", lindex_command},
        {"lset", lset_command},
        {"linsert", linsert_command},
        {"lrem", lrem_command},
        {"ltrim", ltrim_command},
        {"lpos", lpos_command},
        {"lmove", lmove_command},
        {"rpoplpush", rpoplpush_command},
        {"lmpop", lmpop_command},
    });
}

namespace lists {

// getListPositionFromObjectOrReply.
bool parse_where(CommandContext& ctx, std::string_view arg, Where& out) {
    if (util::iequals(arg, "right")) {
        out = Where::Tail;
    } else if (util::iequals(arg, "left")) {
        out = Where::Head;
    } else {
        ctx.syntax_error();
        return false;
    }
    return true;
}

bool parse_mpop(CommandContext& ctx, size_t numkeys_idx, MpopArgs& out) {
    auto where = [&](std::string_view w) { return parse_where(ctx, w, out.where); };
    return parse_mpop_args(ctx, numkeys_idx, where, out.keys, out.count);
}

bool mpop_first(CommandContext& ctx, const MpopArgs& args) {
    for (std::string_view key : args.keys) {
        Object* o;
        if (ctx.lookup_write_as(key, ObjType::List, o) == Lookup::WrongType) return true;
        if (!o) continue;
        if (list_of(*o).empty()) continue;
        // LMPOP and BLMPOP are propagated as [LR]POP key count, with the count popped.
        if (ctx.propagating()) {
            size_t n = std::min(static_cast<size_t>(args.count), list_of(*o).size());
            ctx.propagate_as({args.where == Where::Head ? "LPOP" : "RPOP", std::string(key),
                              util::ll_to_string(static_cast<long long>(n))});
        }
        pop_range_reply_with_key(ctx, key, *o, args.where, args.count);
        return true;
    }
    return false;
}

}  // namespace lists

}  // namespace cairn

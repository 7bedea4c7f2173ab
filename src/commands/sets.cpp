// Set commands (Redis 7.0 t_set.c): SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP
// SRANDMEMBER SMOVE SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN.
#include <algorithm>
#include <climits>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/collection_scan.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "db/set_value.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using db::ObjType;
using db::SetValue;

SetValue& set_of(Object& o) {
    return static_cast<SetValue&>(*o.payload);
}

size_t max_intset(CommandContext& ctx) {
    return static_cast<size_t>(ctx.config().set_max_intset_entries);
}

void sync_encoding(Object& o) {
    o.encoding = set_of(o).encoding();
}

Object make_set(std::unique_ptr<SetValue> v) {
    Object o;
    o.type = ObjType::Set;
    o.encoding = v->encoding();
    o.payload = std::move(v);
    return o;
}

// nullptr with *wrong set (WRONGTYPE replied) when the key holds another type; nullptr with
// *wrong clear when it is missing.
Object* lookup_set(CommandContext& ctx, std::string_view key, bool write, bool& wrong) {
    Object* o;
    Lookup found = write ? ctx.lookup_write_as(key, ObjType::Set, o)
                         : ctx.lookup_read_as(key, ObjType::Set, o);
    wrong = found == Lookup::WrongType;
    return o;
}

// ---------------------------------------------------------------------------------------------
// Single-key writes

void sadd_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    bool wrong;
    Object* o = lookup_set(ctx, key, true, wrong);
    if (wrong) return;
    if (!o) o = ctx.db().add(key, make_set(SetValue::for_member(ctx.argv[2])), ctx.now_ms);
    SetValue& s = set_of(*o);
    const size_t max = max_intset(ctx);
    size_t added = 0;
    for (size_t i = 2; i < ctx.argc(); i++) {
        if (s.add(ctx.argv[i], max)) added++;
    }
    sync_encoding(*o);
    if (added) {
        lists::signal_changes(ctx, ctx.db(), key, added);
        ctx.notify(notify::Set, "sadd", key);
    }
    ctx.reply.integer(static_cast<long long>(added));
}

void srem_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    bool wrong;
    Object* o = lookup_set(ctx, key, true, wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    SetValue& s = set_of(*o);
    size_t deleted = 0;
    for (size_t i = 2; i < ctx.argc(); i++) {
        if (s.remove(ctx.argv[i])) {
            deleted++;
            if (s.empty()) break;
        }
    }
    if (deleted) lists::elements_removed(ctx, key, s.empty(), deleted, notify::Set, "srem");
    ctx.reply.integer(static_cast<long long>(deleted));
}

void smove_command(CommandContext& ctx) {
    std::string_view srckey = ctx.argv[1];
    std::string_view dstkey = ctx.argv[2];
    std::string_view member = ctx.argv[3];
    Object* src = ctx.lookup_write(srckey);
    Object* dst = ctx.lookup_write(dstkey);
    if (!src) {
        ctx.reply.integer(0);
        return;
    }
    if (!ctx.type_ok_or_reply(src, ObjType::Set) || !ctx.type_ok_or_reply(dst, ObjType::Set))
        return;
    if (src == dst) {
        ctx.reply.integer(set_of(*src).contains(member) ? 1 : 0);
        return;
    }
    if (!set_of(*src).remove(member)) {
        ctx.reply.integer(0);
        return;
    }
    db::Database& d = ctx.db();
    ctx.notify(notify::Set, "srem", srckey);
    if (set_of(*src).empty()) {
        d.remove(srckey);
        ctx.notify(notify::Generic, "del", srckey);
    }
    if (!dst) dst = d.add(dstkey, make_set(SetValue::for_member(member)), ctx.now_ms);
    ctx.key_modified(d, srckey);
    if (set_of(*dst).add(member, max_intset(ctx))) {
        sync_encoding(*dst);
        ctx.key_modified(d, dstkey);
        ctx.notify(notify::Set, "sadd", dstkey);
    }
    ctx.reply.integer(1);
}

void spop_with_count(CommandContext& ctx) {
    long long l;
    if (!ctx.parse_ll_range(ctx.argv[2], 0, LLONG_MAX, l,
                            "ERR value is out of range, must be positive"))
        return;
    std::string_view key = ctx.argv[1];
    bool wrong;
    Object* o = lookup_set(ctx, key, true, wrong);
    if (wrong) return;
    if (!o || l == 0) {
        ctx.reply.set(0);
        return;
    }
    SetValue& s = set_of(*o);
    const size_t size = s.size();
    const size_t count = static_cast<unsigned long long>(l) < size ? static_cast<size_t>(l) : size;
    db::Database& d = ctx.db();
    ctx.notify(notify::Set, "spop", key);
    if (count >= size) {
        // CASE 1: the whole set, then the key is gone. Redis replies through
        // sunionDiffGenericCommand, whose read lookup counts a keyspace hit.
        ctx.lookup_read(key);
        std::vector<std::string> all = s.members();
        ctx.reply.set(all.size());
        for (const std::string& m : all) ctx.reply.bulk(m);
        d.remove(key);
        ctx.propagate_as({"DEL", std::string(key)});  // DEL whatever lazyfree says, as 7.0
        ctx.notify(notify::Generic, "del", key);
        lists::signal_changes(ctx, d, key, count);
        return;
    }
    // Propagated as one SREM per member picked (Redis 7.0; 7.2 batches them).
    const bool propagating = ctx.propagating();
    ctx.reply.set(count);
    for (size_t i = 0; i < count; i++) {
        std::string member = s.pop_random();
        ctx.reply.bulk(member);
        if (propagating) ctx.also_propagate({"SREM", std::string(key), std::move(member)});
    }
    ctx.prevent_propagation();
    sync_encoding(*o);
    lists::signal_changes(ctx, d, key, count);
}

void spop_command(CommandContext& ctx) {
    if (ctx.argc() == 3) {
        spop_with_count(ctx);
        return;
    }
    if (ctx.argc() > 3) {
        ctx.syntax_error();
        return;
    }
    std::string_view key = ctx.argv[1];
    bool wrong;
    Object* o = lookup_set(ctx, key, true, wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.null();
        return;
    }
    SetValue& s = set_of(*o);
    const std::string member = s.pop_random();
    if (ctx.propagating()) ctx.propagate_as({"SREM", std::string(key), member});
    ctx.notify(notify::Set, "spop", key);
    ctx.reply.bulk(member);
    db::Database& d = ctx.db();
    const bool emptied = s.empty();
    if (emptied) d.remove(key);
    if (emptied) ctx.notify(notify::Generic, "del", key);
    ctx.key_modified(d, key);
}

// ---------------------------------------------------------------------------------------------
// Single-key reads

void scard_command(CommandContext& ctx) {
    bool wrong;
    Object* o = lookup_set(ctx, ctx.argv[1], false, wrong);
    if (wrong) return;
    ctx.reply.integer(o ? static_cast<long long>(set_of(*o).size()) : 0);
}

void sismember_command(CommandContext& ctx) {
    bool wrong;
    Object* o = lookup_set(ctx, ctx.argv[1], false, wrong);
    if (wrong) return;
    ctx.reply.integer(o && set_of(*o).contains(ctx.argv[2]) ? 1 : 0);
}

void smismember_command(CommandContext& ctx) {
    bool wrong;
    Object* o = lookup_set(ctx, ctx.argv[1], false, wrong);
    if (wrong) return;
    ctx.reply.array(ctx.argc() - 2);
    for (size_t i = 2; i < ctx.argc(); i++) {
        ctx.reply.integer(o && set_of(*o).contains(ctx.argv[i]) ? 1 : 0);
    }
}

void srandmember_with_count(CommandContext& ctx) {
    long long l;
    if (!ctx.parse_ll(ctx.argv[2], l)) return;
    if (!ctx.parse_ll_range(ctx.argv[2], -LLONG_MAX, LLONG_MAX, l,
                            "ERR value is out of range, value must between "
                            "-9223372036854775807 and 9223372036854775807"))
        return;
    const bool uniq = l >= 0;
    const unsigned long long count =
        uniq ? static_cast<unsigned long long>(l) : static_cast<unsigned long long>(-l);
    bool wrong;
    Object* o = lookup_set(ctx, ctx.argv[1], false, wrong);
    if (wrong) return;
    if (!o || count == 0) {
        ctx.reply.array(0);
        return;
    }
    SetValue& s = set_of(*o);
    const size_t size = s.size();
    // CASE 1: negative count (repeats allowed) or a single member: independent draws.
    if (!uniq || count == 1) {
        ctx.reply.array(count);
        for (unsigned long long i = 0; i < count; i++) ctx.reply.bulk(s.random_member());
        return;
    }
    std::vector<std::string> all = s.members();
    // CASE 2: the whole set.
    if (count >= size) {
        ctx.reply.array(all.size());
        for (const std::string& m : all) ctx.reply.bulk(m);
        return;
    }
    // CASE 3/4: count distinct members.
    for (size_t i = 0; i < count; i++) {
        const size_t j = i + static_cast<size_t>(db::dict_random() % (size - i));
        std::swap(all[i], all[j]);
    }
    ctx.reply.array(count);
    for (size_t i = 0; i < count; i++) ctx.reply.bulk(all[i]);
}

void srandmember_command(CommandContext& ctx) {
    if (ctx.argc() == 3) {
        srandmember_with_count(ctx);
        return;
    }
    if (ctx.argc() > 3) {
        ctx.syntax_error();
        return;
    }
    bool wrong;
    Object* o = lookup_set(ctx, ctx.argv[1], false, wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.null();
        return;
    }
    ctx.reply.bulk(set_of(*o).random_member());
}

void sscan_command(CommandContext& ctx) {
    uint64_t cursor;
    if (!parse_scan_cursor(ctx, ctx.argv[2], cursor)) return;
    bool wrong;
    Object* o = lookup_set(ctx, ctx.argv[1], false, wrong);
    if (wrong) return;
    if (!o) {
        reply_empty_scan(ctx);
        return;
    }
    ScanOptions opts;
    if (!parse_collection_scan_options(ctx, 3, opts)) return;
    SetValue& s = set_of(*o);
    std::vector<std::string> items;
    if (s.is_intset()) {
        s.for_each([&](std::string_view m) {
            if (opts.matches(m)) items.emplace_back(m);
        });
        reply_collection_scan(ctx, 0, items);
        return;
    }
    long long max_iterations = opts.count > LLONG_MAX / 10 ? LLONG_MAX : opts.count * 10;
    std::vector<std::string> seen;
    do {
        cursor = s.scan(cursor, [&](std::string_view m) { seen.emplace_back(m); });
    } while (cursor && max_iterations-- &&
             seen.size() < static_cast<unsigned long long>(opts.count));
    for (std::string& m : seen) {
        if (opts.matches(m)) items.push_back(std::move(m));
    }
    reply_collection_scan(ctx, cursor, items);
}

// ---------------------------------------------------------------------------------------------
// Multi-key algebra

// The sets named by keys (nullptr for a missing key). False when one holds another type
// (WRONGTYPE replied). Read lookups even for the *STORE commands, as Redis 7.0: a missing
// source counts as a keyspace miss and is a "keymiss" event.
bool collect_sets(CommandContext& ctx, const std::vector<std::string_view>& keys,
                  std::vector<SetValue*>& out) {
    out.clear();
    for (std::string_view k : keys) {
        bool wrong;
        Object* o = lookup_set(ctx, k, false, wrong);
        if (wrong) return false;
        out.push_back(o ? &set_of(*o) : nullptr);
    }
    return true;
}

void reply_members(CommandContext& ctx, const SetValue& s) {
    ctx.reply.set(s.size());
    s.for_each([&](std::string_view m) { ctx.reply.bulk(m); });
}

// Stores result at dstkey (or deletes dstkey when empty) and replies its size. event: the
// keyspace notification of a store ("sinterstore", ...); an emptied dstkey is a "del".
void store_result(CommandContext& ctx, std::string_view dstkey, std::unique_ptr<SetValue> result,
                  std::string_view event) {
    db::Database& d = ctx.db();
    const size_t n = result->size();
    // Redis replies before it notifies here.
    if (n > 0) {
        d.set(dstkey, make_set(std::move(result)), ctx.now_ms);
        ctx.key_modified(d, dstkey);
        ctx.reply.integer(static_cast<long long>(n));
        ctx.notify(notify::Set, event, dstkey);
        return;
    }
    ctx.reply.integer(0);
    if (d.remove(dstkey)) {
        ctx.key_modified(d, dstkey);
        ctx.notify(notify::Generic, "del", dstkey);
    }
}

// sinterGenericCommand. dstkey empty: reply the members (or the cardinality when
// cardinality_only, stopping at limit when limit > 0).
void sinter_generic(CommandContext& ctx, const std::vector<std::string_view>& keys,
                    std::string_view dstkey, bool store, bool cardinality_only, size_t limit) {
    std::vector<SetValue*> sets;
    if (!collect_sets(ctx, keys, sets)) return;
    const bool any_empty =
        std::any_of(sets.begin(), sets.end(), [](const SetValue* s) { return s == nullptr; });
    if (any_empty) {
        if (store) {
            db::Database& d = ctx.db();
            if (d.remove(dstkey)) {
                ctx.key_modified(d, dstkey);
                ctx.notify(notify::Generic, "del", dstkey);
            }
            ctx.reply.integer(0);
        } else if (cardinality_only) {
            ctx.reply.integer(0);
        } else {
            ctx.reply.set(0);
        }
        return;
    }
    std::stable_sort(sets.begin(), sets.end(),
                     [](const SetValue* a, const SetValue* b) { return a->size() < b->size(); });
    auto result = SetValue::make_intset();
    const size_t max = max_intset(ctx);
    size_t cardinality = 0;
    std::vector<std::string> members;
    const bool collect = !store && !cardinality_only;
    sets[0]->for_each([&](std::string_view m) {
        if (limit && cardinality >= limit) return;
        for (size_t j = 1; j < sets.size(); j++) {
            if (sets[j] == sets[0]) continue;
            if (!sets[j]->contains(m)) return;
        }
        cardinality++;
        if (store) {
            result->add(m, max);
        } else if (collect) {
            members.emplace_back(m);
        }
    });
    if (cardinality_only) {
        ctx.reply.integer(static_cast<long long>(cardinality));
    } else if (store) {
        store_result(ctx, dstkey, std::move(result), "sinterstore");
    } else {
        ctx.reply.set(members.size());
        for (const std::string& m : members) ctx.reply.bulk(m);
    }
}

enum class SetOp { Union, Diff };

// sunionDiffGenericCommand.
void sunion_diff_generic(CommandContext& ctx, const std::vector<std::string_view>& keys,
                         std::string_view dstkey, bool store, SetOp op) {
    std::vector<SetValue*> sets;
    if (!collect_sets(ctx, keys, sets)) return;
    bool sameset = false;
    for (size_t j = 1; j < sets.size(); j++) {
        if (sets[0] && sets[j] == sets[0]) sameset = true;
    }
    // Redis picks one of two SDIFF algorithms by estimated work; it shows in the result's
    // encoding (algorithm 2 adds every member of the first set, then removes).
    int diff_algo = 1;
    if (op == SetOp::Diff && sets[0] && !sameset) {
        long long one = 0, two = 0;
        for (SetValue* s : sets) {
            if (!s) continue;
            one += static_cast<long long>(sets[0]->size());
            two += static_cast<long long>(s->size());
        }
        one /= 2;
        diff_algo = one <= two ? 1 : 2;
        if (diff_algo == 1 && sets.size() > 1) {
            std::stable_sort(sets.begin() + 1, sets.end(),
                             [](const SetValue* a, const SetValue* b) {
                                 return (a ? a->size() : 0) > (b ? b->size() : 0);
                             });
        }
    }
    auto result = SetValue::make_intset();
    const size_t max = max_intset(ctx);
    if (op == SetOp::Union) {
        for (SetValue* s : sets) {
            if (s) s->for_each([&](std::string_view m) { result->add(m, max); });
        }
    } else if (sets[0] && !sameset) {
        if (diff_algo == 1) {
            sets[0]->for_each([&](std::string_view m) {
                for (size_t j = 1; j < sets.size(); j++) {
                    if (sets[j] && sets[j]->contains(m)) return;
                }
                result->add(m, max);
            });
        } else {
            sets[0]->for_each([&](std::string_view m) { result->add(m, max); });
            for (size_t j = 1; j < sets.size() && !result->empty(); j++) {
                if (!sets[j]) continue;
                sets[j]->for_each([&](std::string_view m) { result->remove(m); });
            }
        }
    }
    if (store) {
        store_result(ctx, dstkey, std::move(result),
                     op == SetOp::Union ? "sunionstore" : "sdiffstore");
    } else {
        reply_members(ctx, *result);
    }
}

std::vector<std::string_view> args_from(CommandContext& ctx, size_t first) {
    return {ctx.argv.begin() + static_cast<std::ptrdiff_t>(first), ctx.argv.end()};
}

void smembers_command(CommandContext& ctx) {
    sinter_generic(ctx, args_from(ctx, 1), {}, false, false, 0);
}
void sinter_command(CommandContext& ctx) {
    sinter_generic(ctx, args_from(ctx, 1), {}, false, false, 0);
}
void sinterstore_command(CommandContext& ctx) {
    sinter_generic(ctx, args_from(ctx, 2), ctx.argv[1], true, false, 0);
}
void sunion_command(CommandContext& ctx) {
    sunion_diff_generic(ctx, args_from(ctx, 1), {}, false, SetOp::Union);
}
void sunionstore_command(CommandContext& ctx) {
    sunion_diff_generic(ctx, args_from(ctx, 2), ctx.argv[1], true, SetOp::Union);
}
void sdiff_command(CommandContext& ctx) {
    sunion_diff_generic(ctx, args_from(ctx, 1), {}, false, SetOp::Diff);
}
void sdiffstore_command(CommandContext& ctx) {
    sunion_diff_generic(ctx, args_from(ctx, 2), ctx.argv[1], true, SetOp::Diff);
}

void sintercard_command(CommandContext& ctx) {
    long long numkeys;
    if (!ctx.parse_ll_range(ctx.argv[1], 1, LLONG_MAX, numkeys,
                            "ERR numkeys should be greater than 0"))
        return;
    if (numkeys > static_cast<long long>(ctx.argc()) - 2) {
        ctx.reply.error("ERR Number of keys can't be greater than number of args");
        return;
    }
    long long limit = 0;
    for (size_t j = 2 + static_cast<size_t>(numkeys); j < ctx.argc(); j++) {
        const bool more = j + 1 < ctx.argc();
        if (util::iequals(ctx.argv[j], "limit") && more) {
            if (!ctx.parse_ll_range(ctx.argv[++j], 0, LLONG_MAX, limit,
                                    "ERR LIMIT can't be negative"))
                return;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    std::vector<std::string_view> keys(ctx.argv.begin() + 2,
                                       ctx.argv.begin() + 2 + static_cast<std::ptrdiff_t>(numkeys));
    sinter_generic(ctx, keys, {}, false, true, static_cast<size_t>(limit));
}

}  // namespace

void register_set_commands(CommandTable& t) {
    t.add_handlers({
        {"sadd", sadd_command},
        {"srem", srem_command},
        {"smove", smove_command},
        {"spop", spop_command},
        {"scard", scard_command},
        {"sismember", sismember_command},
        {"smismember", smismember_command},
        {"srandmember", srandmember_command},
        {"smembers", smembers_command},
        {"sscan", sscan_command},
        {"sinter", sinter_command},
        {"sintercard", sintercard_command},
        {"sinterstore", sinterstore_command},
        {"sunion", sunion_command},
        {"sunionstore", sunionstore_command},
        {"sdiff", sdiff_command},
        {"sdiffstore", sdiffstore_command},
    });
}

}  // namespace cairn

// Hash commands (Redis 7.0 t_hash.c): HSET HSETNX HMSET HGET HMGET HDEL HLEN HSTRLEN HEXISTS
// HKEYS HVALS HGETALL HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <numeric>
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
#include "db/hash_value.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::HashValue;
using db::Object;
using db::ObjType;

HashValue& hash_of(Object& o) {
    return static_cast<HashValue&>(*o.payload);
}

db::HashLimits limits_of(CommandContext& ctx) {
    const config::Config& cfg = ctx.config();
    return {static_cast<size_t>(cfg.hash_max_listpack_entries),
            static_cast<size_t>(cfg.hash_max_listpack_value)};
}

// The hash payload changed encoding: keep OBJECT ENCODING in step.
void sync_encoding(Object& o) {
    o.encoding = hash_of(o).encoding();
}

// A read lookup: nullptr when missing (nothing replied) or of another type (WRONGTYPE
// replied; *wrong set).
Object* read_hash(CommandContext& ctx, std::string_view key, bool& wrong) {
    Object* o;
    wrong = ctx.lookup_read_as(key, ObjType::Hash, o) == Lookup::WrongType;
    return o;
}

// hashTypeLookupWriteOrCreate: nullptr (WRONGTYPE replied) when the key holds another type.
Object* write_or_create(CommandContext& ctx, std::string_view key) {
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::Hash, o) == Lookup::WrongType) return nullptr;
    if (o) return o;
    Object n;
    n.type = ObjType::Hash;
    n.encoding = db::Encoding::ListPack;
    n.payload = std::make_unique<HashValue>();
    return ctx.db().add(key, std::move(n), ctx.now_ms);
}

void wrong_arity(CommandContext& ctx) {
    std::string msg = "ERR wrong number of arguments for '";
    msg += ctx.cmd.full_name();
    msg += "' command";
    ctx.reply.error(msg);
}

// ---------------------------------------------------------------------------------------------
// Writes

void hset_generic(CommandContext& ctx, bool reply_ok) {
    if (ctx.argc() % 2 == 1) {
        wrong_arity(ctx);
        return;
    }
    std::string_view key = ctx.argv[1];
    Object* o = write_or_create(ctx, key);
    if (!o) return;
    HashValue& h = hash_of(*o);
    const db::HashLimits limits = limits_of(ctx);
    for (size_t i = 2; i < ctx.argc(); i++) h.prepare_for(ctx.argv[i], limits);
    long long created = 0;
    for (size_t i = 2; i < ctx.argc(); i += 2) {
        if (h.set(ctx.argv[i], ctx.argv[i + 1], limits)) created++;
    }
    sync_encoding(*o);
    if (reply_ok) {
        ctx.reply.ok();
    } else {
        ctx.reply.integer(created);
    }
    lists::signal_changes(ctx, ctx.db(), key, (ctx.argc() - 2) / 2);
    ctx.notify(notify::Hash, "hset", key);
}

void hset_command(CommandContext& ctx) {
    hset_generic(ctx, false);
}

void hmset_command(CommandContext& ctx) {
    hset_generic(ctx, true);
}

void hsetnx_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    Object* o = write_or_create(ctx, key);
    if (!o) return;
    HashValue& h = hash_of(*o);
    if (h.contains(ctx.argv[2])) {
        ctx.reply.integer(0);
        return;
    }
    const db::HashLimits limits = limits_of(ctx);
    h.prepare_for(ctx.argv[2], limits);
    h.prepare_for(ctx.argv[3], limits);
    h.set(ctx.argv[2], ctx.argv[3], limits);
    sync_encoding(*o);
    ctx.reply.integer(1);
    ctx.key_modified(key);
    ctx.notify(notify::Hash, "hset", key);
}

void hdel_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::Hash, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    HashValue& h = hash_of(*o);
    size_t deleted = 0;
    for (size_t i = 2; i < ctx.argc(); i++) {
        if (h.erase(ctx.argv[i])) {
            deleted++;
            if (h.empty()) break;
        }
    }
    if (deleted) lists::elements_removed(ctx, key, h.empty(), deleted, notify::Hash, "hdel");
    ctx.reply.integer(static_cast<long long>(deleted));
}

void hincrby_command(CommandContext& ctx) {
    long long incr;
    if (!ctx.parse_ll(ctx.argv[3], incr)) return;
    std::string_view key = ctx.argv[1];
    Object* o = write_or_create(ctx, key);
    if (!o) return;
    HashValue& h = hash_of(*o);
    long long value = 0;
    if (const std::string* cur = h.find(ctx.argv[2])) {
        if (!util::string_to_ll(*cur, value)) {
            ctx.reply.error("ERR hash value is not an integer");
            return;
        }
    }
    if ((incr < 0 && value < 0 && incr < (LLONG_MIN - value)) ||
        (incr > 0 && value > 0 && incr > (LLONG_MAX - value))) {
        ctx.reply.error(errors::kOverflow);
        return;
    }
    value += incr;
    h.set(ctx.argv[2], util::ll_to_string(value), limits_of(ctx));
    sync_encoding(*o);
    ctx.reply.integer(value);
    ctx.key_modified(key);
    ctx.notify(notify::Hash, "hincrby", key);
}

void hincrbyfloat_command(CommandContext& ctx) {
    long double incr;
    if (!ctx.parse_long_double(ctx.argv[3], incr)) return;
    if (std::isnan(incr) || std::isinf(incr)) {
        ctx.reply.error("ERR value is NaN or Infinity");
        return;
    }
    std::string_view key = ctx.argv[1];
    Object* o = write_or_create(ctx, key);
    if (!o) return;
    HashValue& h = hash_of(*o);
    long double value = 0;
    if (const std::string* cur = h.find(ctx.argv[2])) {
        if (!util::string_to_ld(*cur, value)) {
            ctx.reply.error("ERR hash value is not a float");
            return;
        }
    }
    value += incr;
    if (std::isnan(value) || std::isinf(value)) {
        ctx.reply.error("ERR increment would produce NaN or Infinity");
        return;
    }
    std::string text = util::long_double_to_human(value);
    h.set(ctx.argv[2], text, limits_of(ctx));
    sync_encoding(*o);
    ctx.reply.bulk(text);
    // Propagated as the value it produced (float formatting may differ on a replica).
    if (ctx.propagating()) {
        ctx.propagate_as({"HSET", std::string(key), std::string(ctx.argv[2]), text});
    }
    ctx.key_modified(key);
    ctx.notify(notify::Hash, "hincrbyfloat", key);
}

// ---------------------------------------------------------------------------------------------
// Reads

void hget_command(CommandContext& ctx) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    const std::string* v = o ? hash_of(*o).find(ctx.argv[2]) : nullptr;
    if (v) {
        ctx.reply.bulk(*v);
    } else {
        ctx.reply.null();
    }
}

void hmget_command(CommandContext& ctx) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    ctx.reply.array(ctx.argc() - 2);
    for (size_t i = 2; i < ctx.argc(); i++) {
        const std::string* v = o ? hash_of(*o).find(ctx.argv[i]) : nullptr;
        if (v) {
            ctx.reply.bulk(*v);
        } else {
            ctx.reply.null();
        }
    }
}

void hlen_command(CommandContext& ctx) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    ctx.reply.integer(o ? static_cast<long long>(hash_of(*o).size()) : 0);
}

void hstrlen_command(CommandContext& ctx) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    const std::string* v = o ? hash_of(*o).find(ctx.argv[2]) : nullptr;
    ctx.reply.integer(v ? static_cast<long long>(v->size()) : 0);
}

void hexists_command(CommandContext& ctx) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    ctx.reply.integer(o && hash_of(*o).contains(ctx.argv[2]) ? 1 : 0);
}

enum GetAll { kKeys = 1, kValues = 2 };

void getall_generic(CommandContext& ctx, int flags) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    const bool both = flags == (kKeys | kValues);
    if (!o) {
        if (both) {
            ctx.reply.map(0);
        } else {
            ctx.reply.array(0);
        }
        return;
    }
    const HashValue& h = hash_of(*o);
    if (both) {
        ctx.reply.map(h.size());
    } else {
        ctx.reply.array(h.size());
    }
    h.for_each([&](std::string_view f, std::string_view v) {
        if (flags & kKeys) ctx.reply.bulk(f);
        if (flags & kValues) ctx.reply.bulk(v);
    });
}

void hkeys_command(CommandContext& ctx) {
    getall_generic(ctx, kKeys);
}
void hvals_command(CommandContext& ctx) {
    getall_generic(ctx, kValues);
}
void hgetall_command(CommandContext& ctx) {
    getall_generic(ctx, kKeys | kValues);
}

// ---------------------------------------------------------------------------------------------
// HRANDFIELD

void reply_pair(CommandContext& ctx, std::string_view f, std::string_view v, bool withvalues) {
    if (withvalues && ctx.reply.protocol() > 2) ctx.reply.array(2);
    ctx.reply.bulk(f);
    if (withvalues) ctx.reply.bulk(v);
}

void hrandfield_with_count(CommandContext& ctx, long long l, bool withvalues) {
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.array(0);
        return;
    }
    HashValue& h = hash_of(*o);
    const size_t size = h.size();
    const bool uniq = l >= 0;
    const unsigned long long count =
        uniq ? static_cast<unsigned long long>(l) : static_cast<unsigned long long>(-l);
    if (count == 0) {
        ctx.reply.array(0);
        return;
    }
    const bool resp2_flat = withvalues && ctx.reply.protocol() == 2;
    // CASE 1: negative count, repeats allowed: count independent draws.
    if (!uniq || count == 1) {
        ctx.reply.array(resp2_flat ? count * 2 : count);
        if (h.is_listpack()) {
            const std::vector<HashValue::Pair> all = h.pairs();
            for (unsigned long long i = 0; i < count; i++) {
                const HashValue::Pair& p = all[db::dict_random() % all.size()];
                reply_pair(ctx, p.first, p.second, withvalues);
            }
        } else {
            for (unsigned long long i = 0; i < count; i++) {
                HashValue::Pair p = h.random_pair();
                reply_pair(ctx, p.first, p.second, withvalues);
            }
        }
        return;
    }
    // CASE 2: the whole hash.
    std::vector<HashValue::Pair> all = h.pairs();
    if (count >= size) {
        ctx.reply.array(resp2_flat ? size * 2 : size);
        for (const HashValue::Pair& p : all) reply_pair(ctx, p.first, p.second, withvalues);
        return;
    }
    // CASE 3/4: count distinct fields, in random order.
    for (size_t i = 0; i < count; i++) {
        const size_t j = i + static_cast<size_t>(db::dict_random() % (size - i));
        std::swap(all[i], all[j]);
    }
    ctx.reply.array(resp2_flat ? count * 2 : count);
    for (size_t i = 0; i < count; i++) reply_pair(ctx, all[i].first, all[i].second, withvalues);
}

void hrandfield_command(CommandContext& ctx) {
    if (ctx.argc() >= 3) {
        long long l;
        if (!ctx.parse_ll(ctx.argv[2], l)) return;
        if (!ctx.parse_ll_range(ctx.argv[2], -LLONG_MAX, LLONG_MAX, l,
                                "ERR value is out of range, value must between "
                                "-9223372036854775807 and 9223372036854775807"))
            return;
        bool withvalues = false;
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !util::iequals(ctx.argv[3], "withvalues"))) {
            ctx.syntax_error();
            return;
        }
        if (ctx.argc() == 4) {
            withvalues = true;
            if (l < -LLONG_MAX / 2 || l > LLONG_MAX / 2) {
                ctx.reply.error("ERR value is out of range");
                return;
            }
        }
        hrandfield_with_count(ctx, l, withvalues);
        return;
    }
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.null();
        return;
    }
    ctx.reply.bulk(hash_of(*o).random_pair().first);
}

// ---------------------------------------------------------------------------------------------
// HSCAN

void hscan_command(CommandContext& ctx) {
    uint64_t cursor;
    if (!parse_scan_cursor(ctx, ctx.argv[2], cursor)) return;
    bool wrong;
    Object* o = read_hash(ctx, ctx.argv[1], wrong);
    if (wrong) return;
    if (!o) {
        reply_empty_scan(ctx);
        return;
    }
    ScanOptions opts;
    if (!parse_collection_scan_options(ctx, 3, opts)) return;
    HashValue& h = hash_of(*o);
    std::vector<std::string> items;
    if (h.is_listpack()) {
        h.for_each([&](std::string_view f, std::string_view v) {
            if (!opts.matches(f)) return;
            items.emplace_back(f);
            items.emplace_back(v);
        });
        reply_collection_scan(ctx, 0, items);
        return;
    }
    // Redis compares COUNT with the reply list, which holds both fields and values, and
    // filters by MATCH after the walk.
    long long max_iterations = opts.count > LLONG_MAX / 10 ? LLONG_MAX : opts.count * 10;
    size_t collected = 0;
    std::vector<std::pair<std::string, std::string>> seen;
    do {
        cursor = h.scan(cursor, [&](std::string_view f, const std::string& v) {
            seen.emplace_back(f, v);
            collected += 2;
        });
    } while (cursor && max_iterations-- && collected < static_cast<unsigned long long>(opts.count));
    for (auto& [f, v] : seen) {
        if (!opts.matches(f)) continue;
        items.push_back(std::move(f));
        items.push_back(std::move(v));
    }
    reply_collection_scan(ctx, cursor, items);
}

}  // namespace

void register_hash_commands(CommandTable& t) {
    t.add_handlers({
        {"hset", hset_command},
        {"hsetnx", hsetnx_command},
        {"hmset", hmset_command},
        {"hget", hget_command},
        {"hmget", hmget_command},
        {"hdel", hdel_command},
        {"hlen", hlen_command},
        {"hstrlen", hstrlen_command},
        {"hexists", hexists_command},
        {"hkeys", hkeys_command},
        {"hvals", hvals_command},
        {"hgetall", hgetall_command},
        {"hincrby", hincrby_command},
        {"hincrbyfloat", hincrbyfloat_command},
        {"hrandfield", hrandfield_command},
        {"hscan", hscan_command},
    });
}

}  // namespace cairn

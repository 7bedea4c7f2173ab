// Generic keyspace commands (Redis 7.0 db.c / object.c): DEL UNLINK EXISTS TYPE KEYS SCAN
// RANDOMKEY RENAME RENAMENX TOUCH OBJECT MOVE COPY. The EXPIRE family is in keys_expire.cpp.
#include <climits>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/collection_scan.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/key_lookup.hpp"
#include "commands/object_refcount.hpp"
#include "commands/stats.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/lfu.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

long long object_refcount(const config::Config& cfg, const db::Object& o) {
    if (o.type != db::ObjType::String || o.encoding != db::Encoding::Int) return 1;
    long long v;
    const bool no_shared =
        cfg.maxmemory != 0 && (cfg.maxmemory_policy.find("lru") != std::string::npos ||
                               cfg.maxmemory_policy.find("lfu") != std::string::npos);
    if (!no_shared && util::string_to_ll(o.str, v) && v >= 0 && v < 10000) return INT_MAX;
    return 1;
}

namespace {

using db::Object;
using db::ObjType;
using keys::lookup_notouch;

// keyIsExpired (no deletion), for KEYS; same rule as the database's lazy expiry.
bool key_is_expired(db::Database& d, std::string_view key, int64_t now_ms) {
    int64_t when = d.expire_of(key);
    return when >= 0 && when < now_ms;  // Redis's keyIsExpired: alive during its millisecond
}

// Moves the value of `from` (which must exist in src) to `to` in dst with its TTL, keeping the
// object's access time as Redis does (it moves the same robj).
void move_value(CommandContext& ctx, db::Database& src, std::string_view from, db::Database& dst,
                std::string_view to) {
    const int64_t expire = src.expire_of(from);
    Object* o = src.lookup(from, ctx.now_ms, false);
    const uint32_t access_time = o->access_time;
    Object value = std::move(*o);
    src.remove(from);
    dst.set(to, std::move(value), ctx.now_ms);
    if (expire != -1) dst.set_expire(to, expire);
    if (Object* n = dst.lookup(to, ctx.now_ms, false)) n->access_time = access_time;
}

// Some writes signal two keys but count one change (RENAME, MOVE): key_modified bumps the
// dirty counter each time, so take the extra one back.
void undo_extra_dirty(CommandContext& ctx) {
    auto& dirty = ctx.stats().dirty;
    if (dirty > 0) dirty--;
}

// getIntFromObjectOrReply + selectDb's range check. -1 on error (already replied).
int parse_db_index(CommandContext& ctx, std::string_view arg) {
    long long id;
    if (!ctx.parse_ll(arg, id)) return -1;
    if (id < INT_MIN || id > INT_MAX) {
        ctx.reply.error("ERR value is out of range, value must between -2147483648 and 2147483647");
        return -1;
    }
    if (id < 0 || id >= ctx.host.db_count()) {
        ctx.reply.error(errors::kOutOfRangeDb);
        return -1;
    }
    return static_cast<int>(id);
}

const std::string_view kSameObject = "ERR source and destination objects are the same";

bool lfu_policy(CommandContext& ctx) {
    const std::string& p = ctx.config().maxmemory_policy;
    return p == "allkeys-lfu" || p == "volatile-lfu";
}

// ---------------------------------------------------------------------------------------------

void del_generic(CommandContext& ctx) {
    db::Database& d = ctx.db();
    long long deleted = 0;
    for (size_t j = 1; j < ctx.argc(); j++) {
        std::string_view key = ctx.argv[j];
        if (d.exists(key, ctx.now_ms) && d.remove(key)) {  // exists() expires lazily first
            ctx.key_modified(d, key);
            ctx.notify(notify::Generic, "del", key);
            deleted++;
        }
    }
    ctx.reply.integer(deleted);
}

void exists_command(CommandContext& ctx) {
    db::Database& d = ctx.db();
    long long count = 0;
    for (size_t j = 1; j < ctx.argc(); j++) {
        if (lookup_notouch(ctx, d, ctx.argv[j])) count++;
    }
    ctx.reply.integer(count);
}

void type_command(CommandContext& ctx) {
    Object* o = lookup_notouch(ctx, ctx.db(), ctx.argv[1]);
    ctx.reply.simple(o ? db::type_name(o->type) : std::string_view("none"));
}

void keys_command(CommandContext& ctx) {
    std::string_view pattern = ctx.argv[1];
    const bool all = pattern == "*";
    db::Database& d = ctx.db();
    std::vector<std::string_view> found;  // views of the keys' bytes in their entries
    d.for_each([&](std::string_view key, Object&) {
        if (all || util::glob_match(pattern, key)) {
            if (!key_is_expired(d, key, ctx.now_ms)) found.push_back(key);
        }
    });
    ctx.reply.array(found.size());
    for (std::string_view k : found) ctx.reply.bulk(k);
}

void scan_command(CommandContext& ctx) {
    uint64_t cursor;
    if (!parse_scan_cursor(ctx, ctx.argv[1], cursor)) return;
    long long count = 10;
    std::string_view pattern;
    bool use_pattern = false;
    std::optional<std::string_view> type_filter;
    for (size_t i = 2; i < ctx.argc();) {
        std::string_view opt = ctx.argv[i];
        const size_t left = ctx.argc() - i;
        if (util::iequals(opt, "count") && left >= 2) {
            if (!ctx.parse_ll(ctx.argv[i + 1], count)) return;
            if (count < 1) {
                ctx.syntax_error();
                return;
            }
        } else if (util::iequals(opt, "match") && left >= 2) {
            pattern = ctx.argv[i + 1];
            use_pattern = pattern != "*";
        } else if (util::iequals(opt, "type") && left >= 2) {
            type_filter = ctx.argv[i + 1];
        } else {
            ctx.syntax_error();
            return;
        }
        i += 2;
    }

    db::Database& d = ctx.db();
    std::vector<std::string> keys;
    size_t visited = 0;  // Redis's loop bound counts keys before filtering
    long long max_iterations = count > LLONG_MAX / 10 ? LLONG_MAX : count * 10;
    do {
        cursor = d.scan(cursor, [&](std::string_view key, Object&) {
            visited++;
            if (!use_pattern || util::glob_match(pattern, key)) keys.emplace_back(key);
        });
    } while (cursor && max_iterations-- && visited < static_cast<unsigned long long>(count));

    // Type and expiry filters run after the scan: they may delete expired keys.
    size_t kept = 0;
    for (size_t k = 0; k < keys.size(); k++) {
        bool keep;
        if (type_filter) {
            Object* o = lookup_notouch(ctx, d, keys[k]);
            keep = util::iequals(*type_filter, o ? db::type_name(o->type) : "none");
            // lookup_notouch already dropped an expired key; a key that is gone is kept only
            // for TYPE none, exactly as Redis does.
        } else {
            keep = d.exists(keys[k], ctx.now_ms);
        }
        if (keep) {
            if (kept != k) keys[kept] = std::move(keys[k]);
            kept++;
        }
    }
    keys.resize(kept);

    ctx.reply.array(2);
    char buf[24];
    char* p = buf + sizeof(buf);
    uint64_t c = cursor;
    do {
        *--p = static_cast<char>('0' + c % 10);
        c /= 10;
    } while (c);
    ctx.reply.bulk(std::string_view(p, static_cast<size_t>(buf + sizeof(buf) - p)));
    ctx.reply.array(keys.size());
    for (const std::string& k : keys) ctx.reply.bulk(k);
}

void randomkey_command(CommandContext& ctx) {
    std::optional<std::string> key = ctx.db().random_key(ctx.now_ms);
    if (key) {
        ctx.reply.bulk(*key);
    } else {
        ctx.reply.null();
    }
}

void rename_generic(CommandContext& ctx, bool nx) {
    std::string_view src = ctx.argv[1];
    std::string_view dst = ctx.argv[2];
    db::Database& d = ctx.db();
    if (!ctx.lookup_write(src)) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    if (src == dst) {
        if (nx) {
            ctx.reply.integer(0);
        } else {
            ctx.reply.ok();
        }
        return;
    }
    if (ctx.lookup_write(dst)) {
        if (nx) {
            ctx.reply.integer(0);
            return;
        }
        d.remove(dst);
    }
    move_value(ctx, d, src, d, dst);
    ctx.key_modified(d, src);
    ctx.key_modified(d, dst);
    undo_extra_dirty(ctx);
    ctx.notify(notify::Generic, "rename_from", src);
    ctx.notify(notify::Generic, "rename_to", dst);
    if (nx) {
        ctx.reply.integer(1);
    } else {
        ctx.reply.ok();
    }
}

void rename_command(CommandContext& ctx) {
    rename_generic(ctx, false);
}
void renamenx_command(CommandContext& ctx) {
    rename_generic(ctx, true);
}

void touch_command(CommandContext& ctx) {
    long long touched = 0;
    for (size_t j = 1; j < ctx.argc(); j++) {
        if (ctx.lookup_read(ctx.argv[j])) touched++;
    }
    ctx.reply.integer(touched);
}

// ---------------------------------------------------------------------------------------------
// OBJECT

void object_help(CommandContext& ctx) {
    static constexpr std::string_view kLines[] = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (std::string_view line : kLines) ctx.reply.simple(line);
}

// objectCommandLookupOrReply: null reply when missing.
Object* object_lookup(CommandContext& ctx) {
    Object* o = lookup_notouch(ctx, ctx.db(), ctx.argv[2], false);
    if (!o) ctx.reply.null();
    return o;
}

void object_encoding(CommandContext& ctx) {
    if (Object* o = object_lookup(ctx)) ctx.reply.bulk(db::encoding_name(o->encoding));
}

void object_refcount_cmd(CommandContext& ctx) {
    if (Object* o = object_lookup(ctx)) ctx.reply.integer(object_refcount(ctx.config(), *o));
}

void object_idletime(CommandContext& ctx) {
    Object* o = object_lookup(ctx);
    if (!o) return;
    if (lfu_policy(ctx)) {
        ctx.reply.error(
            "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
            "when switching between policies at runtime LRU and LFU data will take some time "
            "to adjust.");
        return;
    }
    const uint32_t now_s = static_cast<uint32_t>(ctx.now_ms / 1000);
    ctx.reply.integer(now_s >= o->access_time ? now_s - o->access_time : 0);
}

void object_freq(CommandContext& ctx) {
    Object* o = object_lookup(ctx);
    if (!o) return;
    if (!lfu_policy(ctx)) {
        ctx.reply.error(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
            "note that when switching between policies at runtime LRU and LFU data will take "
            "some time to adjust.");
        return;
    }
    ctx.reply.integer(db::lfu_decayed_counter(*o, ctx.now_ms));
}

// ---------------------------------------------------------------------------------------------
// MOVE / COPY

void move_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    int dbid = parse_db_index(ctx, ctx.argv[2]);
    if (dbid < 0) return;
    db::Database& src = ctx.db();
    db::Database& dst = ctx.db(dbid);
    if (&src == &dst) {
        ctx.reply.error(kSameObject);
        return;
    }
    if (!ctx.lookup_write(key)) {
        ctx.reply.integer(0);
        return;
    }
    if (dst.lookup(key, ctx.now_ms)) {
        ctx.reply.integer(0);
        return;
    }
    move_value(ctx, src, key, dst, key);
    ctx.key_modified(src, key);
    ctx.key_modified(dst, key);
    undo_extra_dirty(ctx);
    ctx.host.notify_keyspace_event(notify::Generic, "move_from", key, src.id());
    ctx.host.notify_keyspace_event(notify::Generic, "move_to", key, dst.id());
    ctx.reply.integer(1);
}

void copy_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    std::string_view newkey = ctx.argv[2];
    db::Database& src = ctx.db();
    db::Database* dst = &src;
    bool replace = false;
    for (size_t j = 3; j < ctx.argc(); j++) {
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "replace")) {
            replace = true;
        } else if (util::iequals(opt, "db") && j + 1 < ctx.argc()) {
            int dbid = parse_db_index(ctx, ctx.argv[j + 1]);
            if (dbid < 0) return;
            dst = &ctx.db(dbid);
            j++;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if (&src == dst && key == newkey) {
        ctx.reply.error(kSameObject);
        return;
    }
    if (!ctx.lookup_read(key)) {
        ctx.reply.integer(0);
        return;
    }
    const int64_t expire = src.expire_of(key);
    if (dst->lookup(newkey, ctx.now_ms)) {
        if (!replace) {
            ctx.reply.integer(0);
            return;
        }
        dst->remove(newkey);
    }
    Object* o = src.lookup(key, ctx.now_ms, false);
    dst->set(newkey, o->clone(), ctx.now_ms);
    if (expire != -1) dst->set_expire(newkey, expire);
    ctx.key_modified(*dst, newkey);
    ctx.host.notify_keyspace_event(notify::Generic, "copy_to", newkey, dst->id());
    ctx.reply.integer(1);
}

}  // namespace

void register_key_commands(CommandTable& t) {
    t.add_handlers({
        {"del", del_generic},
        {"unlink", del_generic},
        {"exists", exists_command},
        {"type", type_command},
        {"keys", keys_command},
        {"scan", scan_command},
        {"randomkey", randomkey_command},
        {"rename", rename_command},
        {"renamenx", renamenx_command},
        {"touch", touch_command},
        {"object|encoding", object_encoding},
        {"object|freq", object_freq},
        {"object|help", object_help},
        {"object|idletime", object_idletime},
        {"object|refcount", object_refcount_cmd},
        {"move", move_command},
        {"copy", copy_command},
    });
}

}  // namespace cairn

// Generic keyspace commands (Redis 7.0 db.c / expire.c / object.c): DEL UNLINK EXISTS TYPE
// KEYS SCAN RANDOMKEY RENAME RENAMENX EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL PERSIST
// EXPIRETIME PEXPIRETIME TOUCH OBJECT MOVE COPY.
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
#include "commands/stats.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/lfu.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using db::ObjType;

// lookupKeyReadWithFlags(LOOKUP_NOTOUCH): lazy expiry and keyspace hit/miss stats, but the
// access time is left alone (TYPE, TTL, EXISTS, OBJECT ...). A miss is a "keymiss" event
// unless notify_miss is false (OBJECT's LOOKUP_NONOTIFY).
Object* lookup_notouch(CommandContext& ctx, db::Database& d, std::string_view key,
                       bool notify_miss = true) {
    Object* o = d.lookup(key, ctx.now_ms, false);
    if (o) {
        ctx.stats().keyspace_hits++;
    } else {
        if (notify_miss) ctx.host.notify_keyspace_event(notify::KeyMiss, "keymiss", key, d.id());
        ctx.stats().keyspace_misses++;
    }
    return o;
}

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
    std::vector<const std::string*> found;
    d.for_each([&](const std::string& key, Object&) {
        if (all || util::glob_match(pattern, key)) {
            if (!key_is_expired(d, key, ctx.now_ms)) found.push_back(&key);
        }
    });
    ctx.reply.array(found.size());
    for (const std::string* k : found) ctx.reply.bulk(*k);
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
        cursor = d.scan(cursor, [&](const std::string& key, Object&) {
            visited++;
            if (!use_pattern || util::glob_match(pattern, key)) keys.push_back(key);
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

// ---------------------------------------------------------------------------------------------
// EXPIRE family

enum ExpireFlag : unsigned { kNx = 1, kXx = 2, kGt = 4, kLt = 8 };

void reply_invalid_expire(CommandContext& ctx) {
    std::string msg = "ERR invalid expire time in '";
    msg += ctx.cmd.full_name();
    msg += "' command";
    ctx.reply.error(msg);
}

void expire_generic(CommandContext& ctx, int64_t basetime, bool seconds) {
    std::string_view key = ctx.argv[1];
    unsigned flags = 0;
    for (size_t j = 3; j < ctx.argc(); j++) {
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "nx")) {
            flags |= kNx;
        } else if (util::iequals(opt, "xx")) {
            flags |= kXx;
        } else if (util::iequals(opt, "gt")) {
            flags |= kGt;
        } else if (util::iequals(opt, "lt")) {
            flags |= kLt;
        } else {
            std::string msg = "ERR Unsupported option ";
            msg += opt;
            ctx.reply.error(msg);
            return;
        }
    }
    if ((flags & kNx) && (flags & (kXx | kGt | kLt))) {
        ctx.reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        return;
    }
    if ((flags & kGt) && (flags & kLt)) {
        ctx.reply.error("ERR GT and LT options at the same time are not compatible");
        return;
    }
    long long when;
    if (!ctx.parse_ll(ctx.argv[2], when)) return;
    if (seconds) {
        if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
            reply_invalid_expire(ctx);
            return;
        }
        when *= 1000;
    }
    if (when > LLONG_MAX - basetime) {
        reply_invalid_expire(ctx);
        return;
    }
    when += basetime;

    db::Database& d = ctx.db();
    if (!ctx.lookup_write(key)) {
        ctx.reply.integer(0);
        return;
    }
    if (flags) {
        const int64_t current = d.expire_of(key);
        if ((flags & kNx) && current != -1) {
            ctx.reply.integer(0);
            return;
        }
        if ((flags & kXx) && current == -1) {
            ctx.reply.integer(0);
            return;
        }
        if ((flags & kGt) && (when <= current || current == -1)) {
            ctx.reply.integer(0);
            return;
        }
        if ((flags & kLt) && current != -1 && when >= current) {
            ctx.reply.integer(0);
            return;
        }
    }
    const bool expired = when <= ctx.now_ms;  // checkAlreadyExpired: delete now
    if (expired) {
        d.remove(key);
    } else {
        d.set_expire(key, when);
    }
    ctx.key_modified(d, key);
    // As Redis: "del" before the reply, "expire" after it.
    if (expired) ctx.notify(notify::Generic, "del", key);
    ctx.reply.integer(1);
    if (!expired) ctx.notify(notify::Generic, "expire", key);
}

void expire_command(CommandContext& ctx) {
    expire_generic(ctx, ctx.now_ms, true);
}
void pexpire_command(CommandContext& ctx) {
    expire_generic(ctx, ctx.now_ms, false);
}
void expireat_command(CommandContext& ctx) {
    expire_generic(ctx, 0, true);
}
void pexpireat_command(CommandContext& ctx) {
    expire_generic(ctx, 0, false);
}

void ttl_generic(CommandContext& ctx, bool output_ms, bool output_abs) {
    db::Database& d = ctx.db();
    std::string_view key = ctx.argv[1];
    if (!lookup_notouch(ctx, d, key)) {
        ctx.reply.integer(-2);
        return;
    }
    const int64_t expire = d.expire_of(key);
    if (expire == -1) {
        ctx.reply.integer(-1);
        return;
    }
    long long ttl = output_abs ? expire : expire - ctx.now_ms;
    if (ttl < 0) ttl = 0;
    ctx.reply.integer(output_ms ? ttl : (ttl + 500) / 1000);
}

void ttl_command(CommandContext& ctx) {
    ttl_generic(ctx, false, false);
}
void pttl_command(CommandContext& ctx) {
    ttl_generic(ctx, true, false);
}
void expiretime_command(CommandContext& ctx) {
    ttl_generic(ctx, false, true);
}
void pexpiretime_command(CommandContext& ctx) {
    ttl_generic(ctx, true, true);
}

void persist_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    db::Database& d = ctx.db();
    if (ctx.lookup_write(key) && d.persist(key)) {
        ctx.key_modified(d, key);
        ctx.notify(notify::Generic, "persist", key);
        ctx.reply.integer(1);
    } else {
        ctx.reply.integer(0);
    }
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

void object_refcount(CommandContext& ctx) {
    Object* o = object_lookup(ctx);
    if (!o) return;
    // Redis shares the integers 0..9999 (refcount INT_MAX) unless maxmemory with an LRU/LFU
    // policy forbids shared integers.
    long long refcount = 1;
    if (o->type == ObjType::String && o->encoding == db::Encoding::Int) {
        long long v;
        const auto& cfg = ctx.config();
        const bool no_shared =
            cfg.maxmemory != 0 && (cfg.maxmemory_policy.find("lru") != std::string::npos ||
                                   cfg.maxmemory_policy.find("lfu") != std::string::npos);
        if (!no_shared && util::string_to_ll(o->str, v) && v >= 0 && v < 10000) {
            refcount = INT_MAX;
        }
    }
    ctx.reply.integer(refcount);
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

// ---------------------------------------------------------------------------------------------
// Table

CommandSpec generic_spec(std::string_view name, int arity, uint32_t flags, int first, int last,
                         int step, std::string_view acl, Handler h, CommandDoc doc) {
    return make_spec("generic", name, arity, flags, first, last, step, acl, h, doc);
}

}  // namespace

void register_key_commands(CommandTable& t) {
    constexpr uint32_t kRF = kReadOnly | kFast;
    constexpr uint32_t kWF = kWrite | kFast;
    constexpr std::string_view kReadFast = "@keyspace @read @fast";
    constexpr std::string_view kReadSlow = "@keyspace @read @slow";
    constexpr std::string_view kWriteFast = "@keyspace @write @fast";
    constexpr std::string_view kWriteSlow = "@keyspace @write @slow";

    t.add(generic_spec(
        "del", -2, kWrite, 1, -1, 1, kWriteSlow, del_generic,
        {"Delete a key", "1.0.0",
         "O(N) where N is the number of keys that will be removed. When a key to remove holds a "
         "value other than a string, the individual complexity for this key is O(M) where M is "
         "the number of elements in the list, set, sorted set or hash. Removing a single key "
         "that holds a string value is O(1).",
         "key [key ...]"}));
    t.add(generic_spec(
        "unlink", -2, kWF, 1, -1, 1, kWriteFast, del_generic,
        {"Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
         "blocking.",
         "4.0.0",
         "O(1) for each key removed regardless of its size. Then the command does O(N) work in "
         "a different thread in order to reclaim memory, where N is the number of allocations "
         "the deleted objects where composed of.",
         "key [key ...]"}));
    t.add(generic_spec("exists", -2, kRF, 1, -1, 1, kReadFast, exists_command,
                       {"Determine if a key exists", "1.0.0",
                        "O(N) where N is the number of keys to check.", "key [key ...]"}));
    t.add(generic_spec("type", 2, kRF, 1, 1, 1, kReadFast, type_command,
                       {"Determine the type stored at key", "1.0.0", "O(1)", "key"}));
    t.add(generic_spec(
        "keys", 2, kReadOnly, 0, 0, 0, "@keyspace @read @slow @dangerous", keys_command,
        {"Find all keys matching the given pattern", "1.0.0",
         "O(N) with N being the number of keys in the database, under the assumption that the "
         "key names in the database and the given pattern have limited length.",
         "pattern"}));
    t.add(generic_spec(
        "scan", -2, kReadOnly, 0, 0, 0, kReadSlow, scan_command,
        {"Incrementally iterate the keys space", "2.8.0",
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection.",
         "cursor [MATCH pattern] [COUNT count] [TYPE type]"}));
    t.add(generic_spec("randomkey", 1, kReadOnly, 0, 0, 0, kReadSlow, randomkey_command,
                       {"Return a random key from the keyspace", "1.0.0", "O(1)", ""}));
    t.add(generic_spec("rename", 3, kWrite, 1, 2, 1, kWriteSlow, rename_command,
                       {"Rename a key", "1.0.0", "O(1)", "key newkey"}));
    t.add(generic_spec(
        "renamenx", 3, kWF, 1, 2, 1, kWriteFast, renamenx_command,
        {"Rename a key, only if the new key does not exist", "1.0.0", "O(1)", "key newkey"}));
    t.add(generic_spec("expire", -3, kWF, 1, 1, 1, kWriteFast, expire_command,
                       {"Set a key's time to live in seconds", "1.0.0", "O(1)",
                        "key seconds [NX | XX | GT | LT]"}));
    t.add(generic_spec("pexpire", -3, kWF, 1, 1, 1, kWriteFast, pexpire_command,
                       {"Set a key's time to live in milliseconds", "2.6.0", "O(1)",
                        "key milliseconds [NX | XX | GT | LT]"}));
    t.add(generic_spec("expireat", -3, kWF, 1, 1, 1, kWriteFast, expireat_command,
                       {"Set the expiration for a key as a UNIX timestamp", "1.2.0", "O(1)",
                        "key unix-time-seconds [NX | XX | GT | LT]"}));
    t.add(
        generic_spec("pexpireat", -3, kWF, 1, 1, 1, kWriteFast, pexpireat_command,
                     {"Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                      "2.6.0", "O(1)", "key unix-time-milliseconds [NX | XX | GT | LT]"}));
    t.add(generic_spec("ttl", 2, kRF, 1, 1, 1, kReadFast, ttl_command,
                       {"Get the time to live for a key in seconds", "1.0.0", "O(1)", "key"}));
    t.add(generic_spec("pttl", 2, kRF, 1, 1, 1, kReadFast, pttl_command,
                       {"Get the time to live for a key in milliseconds", "2.6.0", "O(1)", "key"}));
    t.add(generic_spec("persist", 2, kWF, 1, 1, 1, kWriteFast, persist_command,
                       {"Remove the expiration from a key", "2.2.0", "O(1)", "key"}));
    t.add(generic_spec("expiretime", 2, kRF, 1, 1, 1, kReadFast, expiretime_command,
                       {"Get the expiration Unix timestamp for a key", "7.0.0", "O(1)", "key"}));
    t.add(generic_spec(
        "pexpiretime", 2, kRF, 1, 1, 1, kReadFast, pexpiretime_command,
        {"Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "O(1)", "key"}));
    t.add(generic_spec(
        "touch", -2, kRF, 1, -1, 1, kReadFast, touch_command,
        {"Alters the last access time of a key(s). Returns the number of existing "
         "keys specified.",
         "3.2.1", "O(N) where N is the number of keys that will be touched.", "key [key ...]"}));

    // OBJECT: a container. Redis lists its subcommands in hash order (random per process);
    // these follow its command sources (alphabetical).
    CommandSpec object = generic_spec(
        "object", -2, 0, 0, 0, 0, "@slow", nullptr,
        {"A container for object introspection commands", "2.2.3", "Depends on subcommand.", ""});
    object.subcommands.push_back(
        generic_spec("encoding", 3, kReadOnly, 2, 2, 1, kReadSlow, object_encoding,
                     {"Inspect the internal encoding of a Redis object", "2.2.3", "O(1)", "key"}));
    object.subcommands.push_back(
        generic_spec("freq", 3, kReadOnly, 2, 2, 1, kReadSlow, object_freq,
                     {"Get the logarithmic access frequency counter of a Redis object", "4.0.0",
                      "O(1)", "key"}));
    object.subcommands.push_back(
        generic_spec("help", 2, kLoading | kStale, 0, 0, 0, "@keyspace @slow", object_help,
                     {"Show helpful text about the different subcommands", "6.2.0", "O(1)", ""}));
    object.subcommands.push_back(generic_spec(
        "idletime", 3, kReadOnly, 2, 2, 1, kReadSlow, object_idletime,
        {"Get the time since a Redis object was last accessed", "2.2.3", "O(1)", "key"}));
    object.subcommands.push_back(generic_spec(
        "refcount", 3, kReadOnly, 2, 2, 1, kReadSlow, object_refcount,
        {"Get the number of references to the value of the key", "2.2.3", "O(1)", "key"}));
    t.add(std::move(object));

    t.add(generic_spec("move", 3, kWF, 1, 1, 1, kWriteFast, move_command,
                       {"Move a key to another database", "1.0.0", "O(1)", "key db"}));
    t.add(generic_spec("copy", -3, kWrite | kDenyOom, 1, 2, 1, kWriteSlow, copy_command,
                       {"Copy a key", "6.2.0",
                        "O(N) worst case for collections, where N is the number of nested items. "
                        "O(1) for string values.",
                        "source destination [DB destination-db] [REPLACE]"}));
}

}  // namespace cairn

// String commands (Redis 7.0 t_string.c): GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET
// MSET MSETNX APPEND STRLEN GETRANGE SUBSTR SETRANGE INCR DECR INCRBY DECRBY INCRBYFLOAT LCS.
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/string_lcs.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "util/overflow.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Encoding;
using db::Object;
using db::ObjType;

// Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT.
constexpr size_t kEmbstrLimit = 44;

bool is_string(const Object* o) {
    return o->type == ObjType::String;
}

// Redis's createStringObject: embstr up to 44 bytes, else raw (never "int").
Object plain_string(std::string value) {
    Object o;
    o.type = ObjType::String;
    o.encoding = value.size() <= kEmbstrLimit ? Encoding::EmbStr : Encoding::Raw;
    o.str = std::move(value);
    return o;
}

// createStringObjectFromLongLongForValue: always "int".
Object int_string(long long v) {
    Object o;
    o.type = ObjType::String;
    o.encoding = Encoding::Int;
    util::append_ll(o.str, v);
    return o;
}

void reply_invalid_expire(CommandContext& ctx) {
    std::string msg = "ERR invalid expire time in '";
    msg += ctx.cmd.full_name();
    msg += "' command";
    ctx.reply.error(msg);
}

// Redis's checkStringLength.
bool check_string_length(CommandContext& ctx, long long size, long long append) {
    long long total = 0;
    if (util::add_overflow(size, append, total) || total > ctx.config().proto_max_bulk_len) {
        ctx.reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// SET / GETEX option parsing (parseExtendedStringArgumentsOrReply)

enum SetFlag : unsigned {
    kSetNx = 1u << 0,
    kSetXx = 1u << 1,
    kSetGet = 1u << 2,
    kSetKeepTtl = 1u << 3,
    kSetPersist = 1u << 4,
    kSetEx = 1u << 5,
    kSetPx = 1u << 6,
    kSetExAt = 1u << 7,
    kSetPxAt = 1u << 8,
};
constexpr unsigned kAnyExpire = kSetEx | kSetPx | kSetExAt | kSetPxAt;

enum class ArgsFor { Set, Get };

struct ExtendedArgs {
    unsigned flags = 0;
    bool seconds = true;      // unit of `expire`
    std::string_view expire;  // the EX/PX/EXAT/PXAT value (unparsed)
    bool has_expire = false;
};

bool parse_extended_args(CommandContext& ctx, size_t first, ArgsFor type, ExtendedArgs& out) {
    const auto& argv = ctx.argv;
    unsigned& f = out.flags;
    const bool set = type == ArgsFor::Set;
    for (size_t j = first; j < argv.size(); j++) {
        std::string_view opt = argv[j];
        const bool has_next = j + 1 < argv.size();
        unsigned add = 0;
        if (opt.size() == 2 && util::iequals(opt, "nx")) {
            if (set && !(f & kSetXx)) add = kSetNx;
        } else if (opt.size() == 2 && util::iequals(opt, "xx")) {
            if (set && !(f & kSetNx)) add = kSetXx;
        } else if (util::iequals(opt, "get")) {
            if (set) add = kSetGet;
        } else if (util::iequals(opt, "keepttl")) {
            if (set && !(f & (kSetPersist | kAnyExpire))) add = kSetKeepTtl;
        } else if (util::iequals(opt, "persist")) {
            if (!set && !(f & (kAnyExpire | kSetKeepTtl))) add = kSetPersist;
        } else if (util::iequals(opt, "ex")) {
            if (!(f & (kSetKeepTtl | kSetPersist | kSetExAt | kSetPx | kSetPxAt)) && has_next)
                add = kSetEx;
        } else if (util::iequals(opt, "px")) {
            if (!(f & (kSetKeepTtl | kSetPersist | kSetEx | kSetExAt | kSetPxAt)) && has_next)
                add = kSetPx;
        } else if (util::iequals(opt, "exat")) {
            if (!(f & (kSetKeepTtl | kSetPersist | kSetEx | kSetPx | kSetPxAt)) && has_next)
                add = kSetExAt;
        } else if (util::iequals(opt, "pxat")) {
            if (!(f & (kSetKeepTtl | kSetPersist | kSetEx | kSetExAt | kSetPx)) && has_next)
                add = kSetPxAt;
        }
        if (add == 0) {
            ctx.syntax_error();
            return false;
        }
        f |= add;
        if (add & kAnyExpire) {
            out.has_expire = true;
            out.seconds = (add & (kSetEx | kSetExAt)) != 0;
            out.expire = argv[++j];
        }
    }
    return true;
}

// getExpireMillisecondsOrReply: absolute unix ms of the requested expire.
bool expire_millis(CommandContext& ctx, const ExtendedArgs& a, long long& ms) {
    long long v;
    if (!ctx.parse_ll(a.expire, v)) return false;
    if (v <= 0 || (a.seconds && v > LLONG_MAX / 1000)) {
        reply_invalid_expire(ctx);
        return false;
    }
    if (a.seconds) v *= 1000;
    if (a.flags & (kSetEx | kSetPx)) {
        if (util::add_overflow(v, static_cast<long long>(ctx.now_ms), v) || v <= 0) {
            reply_invalid_expire(ctx);
            return false;
        }
    }
    ms = v;
    return true;
}

// getGenericCommand: replies the value (or null). False on WRONGTYPE (already replied).
bool reply_get(CommandContext& ctx, std::string_view key) {
    Object* o;
    if (ctx.lookup_read_as(key, ObjType::String, o) == Lookup::WrongType) return false;
    if (!o) {
        ctx.reply.null();
        return true;
    }
    ctx.reply.bulk(o->str);
    return true;
}

// setGenericCommand: SET with options, SETNX, SETEX, PSETEX. int_replies: SETNX replies 1 / 0
// instead of OK / null.
void set_generic(CommandContext& ctx, const ExtendedArgs& a, std::string_view key,
                 std::string_view value, bool int_replies) {
    long long when = 0;
    if (a.has_expire && !expire_millis(ctx, a, when)) return;
    const unsigned f = a.flags;
    db::Database& db = ctx.db();
    if (f & kSetGet) {
        if (!reply_get(ctx, key)) return;
    }
    if (f & (kSetNx | kSetXx)) {
        bool found = ctx.lookup_write(key) != nullptr;
        if (((f & kSetNx) && found) || ((f & kSetXx) && !found)) {
            if (!(f & kSetGet)) {
                if (int_replies) {
                    ctx.reply.integer(0);
                } else {
                    ctx.reply.null();
                }
            }
            return;
        }
    }
    db.set(key, Object::make_string(std::string(value)), ctx.now_ms, (f & kSetKeepTtl) != 0);
    if (a.has_expire) db.set_expire(key, when);
    ctx.key_modified(db, key);
    ctx.notify(notify::String, "set", key);
    if (a.has_expire) {
        // Propagated with the absolute time, and without NX / XX / GET (SETEX, PSETEX too).
        if (ctx.propagating()) {
            ctx.propagate_as(
                {"SET", std::string(key), std::string(value), "PXAT", util::ll_to_string(when)});
        }
        ctx.notify(notify::Generic, "expire", key);
    } else if ((f & kSetGet) && ctx.propagating()) {
        // Propagated without its GET words (the rest as the client sent it).
        std::vector<std::string> words;
        for (size_t j = 0; j < ctx.argc(); j++) {
            if (j >= 3 && util::iequals(ctx.argv[j], "get")) continue;
            words.emplace_back(ctx.argv[j]);
        }
        ctx.propagate_as(std::move(words));
    }
    if (f & kSetGet) return;
    if (int_replies) {
        ctx.reply.integer(1);
    } else {
        ctx.reply.ok();
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers

void get_command(CommandContext& ctx) {
    reply_get(ctx, ctx.argv[1]);
}

void set_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    if (argv.size() == 3) {  // hot path: plain SET key value
        db::Database& db = ctx.db();
        db.set(argv[1], Object::make_string(std::string(argv[2])), ctx.now_ms);
        ctx.key_modified(db, argv[1]);
        ctx.notify(notify::String, "set", argv[1]);
        ctx.reply.ok();
        return;
    }
    ExtendedArgs a;
    if (!parse_extended_args(ctx, 3, ArgsFor::Set, a)) return;
    set_generic(ctx, a, argv[1], argv[2], false);
}

void setnx_command(CommandContext& ctx) {
    ExtendedArgs a;
    a.flags = kSetNx;
    set_generic(ctx, a, ctx.argv[1], ctx.argv[2], true);
}

void setex_generic(CommandContext& ctx, bool seconds) {
    ExtendedArgs a;
    a.flags = seconds ? kSetEx : kSetPx;
    a.seconds = seconds;
    a.has_expire = true;
    a.expire = ctx.argv[2];
    set_generic(ctx, a, ctx.argv[1], ctx.argv[3], false);
}

void setex_command(CommandContext& ctx) {
    setex_generic(ctx, true);
}
void psetex_command(CommandContext& ctx) {
    setex_generic(ctx, false);
}

void getset_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    if (!reply_get(ctx, key)) return;
    db::Database& db = ctx.db();
    db.set(key, Object::make_string(std::string(ctx.argv[2])), ctx.now_ms);
    ctx.key_modified(db, key);
    ctx.notify(notify::String, "set", key);
    if (ctx.propagating()) {
        ctx.propagate_as({"SET", std::string(key), std::string(ctx.argv[2])});
    }
}

void getdel_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    if (!reply_get(ctx, key)) return;
    db::Database& db = ctx.db();
    if (db.remove(key)) {
        ctx.propagate_as({CommandContext::deletion_command(ctx.config().lazyfree_lazy_user_del),
                          std::string(key)});
        ctx.key_modified(db, key);
        ctx.notify(notify::Generic, "del", key);
    }
}

void getex_command(CommandContext& ctx) {
    ExtendedArgs a;
    if (!parse_extended_args(ctx, 2, ArgsFor::Get, a)) return;
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_read_as(key, ObjType::String, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.null();
        return;
    }
    long long when = 0;
    if (a.has_expire && !expire_millis(ctx, a, when)) return;
    ctx.reply.bulk(o->str);

    db::Database& db = ctx.db();
    // Never propagated as GETEX: as PEXPIREAT, DEL / UNLINK or PERSIST.
    if ((a.flags & (kSetExAt | kSetPxAt)) && when <= ctx.now_ms) {
        db.remove(key);
        ctx.propagate_as({CommandContext::deletion_command(ctx.config().lazyfree_lazy_expire),
                          std::string(key)});
        ctx.key_modified(db, key);
        ctx.notify(notify::Generic, "del", key);
    } else if (a.has_expire) {
        db.set_expire(key, when);
        if (ctx.propagating()) {
            ctx.propagate_as({"PEXPIREAT", std::string(key), util::ll_to_string(when)});
        }
        ctx.key_modified(db, key);
        ctx.notify(notify::Generic, "expire", key);
    } else if (a.flags & kSetPersist) {
        if (db.persist(key)) {
            ctx.propagate_as({"PERSIST", std::string(key)});
            ctx.key_modified(db, key);
            ctx.notify(notify::Generic, "persist", key);
        }
    }
}

void mget_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    ctx.reply.array(argv.size() - 1);
    for (size_t j = 1; j < argv.size(); j++) {
        // Each batch of keys comes into the cache together (their misses overlap).
        if ((j - 1) % db::Database::kPrefetchBatch == 0) ctx.db().prefetch_keys(argv, j, 1);
        Object* o = ctx.lookup_read(argv[j]);
        if (!o || !is_string(o)) {
            ctx.reply.null();
        } else {
            ctx.reply.bulk(o->str);
        }
    }
}

void mset_generic(CommandContext& ctx, bool nx) {
    const auto& argv = ctx.argv;
    if (argv.size() % 2 == 0) {
        std::string msg = "ERR wrong number of arguments for '";
        msg += ctx.cmd.full_name();
        msg += "' command";
        ctx.reply.error(msg);
        return;
    }
    if (nx) {
        for (size_t j = 1; j < argv.size(); j += 2) {
            if (ctx.lookup_write(argv[j])) {
                ctx.reply.integer(0);
                return;
            }
        }
    }
    db::Database& db = ctx.db();
    for (size_t j = 1; j < argv.size(); j += 2) {
        // Each batch of keys comes into the cache together (their misses overlap).
        if ((j - 1) % (2 * db::Database::kPrefetchBatch) == 0) db.prefetch_keys(argv, j, 2);
        db.set(argv[j], Object::make_string(std::string(argv[j + 1])), ctx.now_ms);
        ctx.key_modified(db, argv[j]);
        ctx.notify(notify::String, "set", argv[j]);
    }
    if (nx) {
        ctx.reply.integer(1);
    } else {
        ctx.reply.ok();
    }
}

void mset_command(CommandContext& ctx) {
    mset_generic(ctx, false);
}
void msetnx_command(CommandContext& ctx) {
    mset_generic(ctx, true);
}

void append_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    std::string_view value = ctx.argv[2];
    db::Database& db = ctx.db();
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::String, o) == Lookup::WrongType) return;
    size_t total;
    if (!o) {
        db.set(key, Object::make_string(std::string(value)), ctx.now_ms);
        total = value.size();
    } else {
        if (!check_string_length(ctx, static_cast<long long>(o->str.size()),
                                 static_cast<long long>(value.size())))
            return;
        o->str.append(value);
        o->mark_raw();
        total = o->str.size();
    }
    ctx.key_modified(db, key);
    ctx.notify(notify::String, "append", key);
    ctx.reply.integer(static_cast<long long>(total));
}

void strlen_command(CommandContext& ctx) {
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::String, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    ctx.reply.integer(static_cast<long long>(o->str.size()));
}

void getrange_command(CommandContext& ctx) {
    long long start, end;
    if (!ctx.parse_ll(ctx.argv[2], start) || !ctx.parse_ll(ctx.argv[3], end)) return;
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::String, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.bulk("");
        return;
    }
    const std::string& s = o->str;
    const long long len = static_cast<long long>(s.size());
    if (start < 0 && end < 0 && start > end) {
        ctx.reply.bulk("");
        return;
    }
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= len) end = len - 1;
    if (start > end || len == 0) {
        ctx.reply.bulk("");
        return;
    }
    ctx.reply.bulk(std::string_view(s).substr(static_cast<size_t>(start),
                                              static_cast<size_t>(end - start + 1)));
}

void setrange_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    std::string_view value = ctx.argv[3];
    long long offset;
    if (!ctx.parse_ll(ctx.argv[2], offset)) return;
    if (offset < 0) {
        ctx.reply.error("ERR offset is out of range");
        return;
    }
    db::Database& db = ctx.db();
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::String, o) == Lookup::WrongType) return;
    if (!o) {
        if (value.empty()) {
            ctx.reply.integer(0);
            return;
        }
        if (!check_string_length(ctx, offset, static_cast<long long>(value.size()))) return;
        Object n;  // Redis creates a plain raw string here
        n.type = ObjType::String;
        n.encoding = Encoding::Raw;
        n.str.reserve(static_cast<size_t>(offset) + value.size());
        n.str.assign(static_cast<size_t>(offset), '\0');
        n.str.append(value);
        const long long len = static_cast<long long>(n.str.size());
        db.set(key, std::move(n), ctx.now_ms);
        ctx.key_modified(db, key);
        ctx.notify(notify::String, "setrange", key);
        ctx.reply.integer(len);
        return;
    }
    if (value.empty()) {
        ctx.reply.integer(static_cast<long long>(o->str.size()));
        return;
    }
    if (!check_string_length(ctx, offset, static_cast<long long>(value.size()))) return;
    const size_t need = static_cast<size_t>(offset) + value.size();
    if (o->str.size() < need) o->str.resize(need, '\0');
    std::memcpy(o->str.data() + offset, value.data(), value.size());
    o->mark_raw();
    ctx.key_modified(db, key);
    ctx.notify(notify::String, "setrange", key);
    ctx.reply.integer(static_cast<long long>(o->str.size()));
}

void incr_decr(CommandContext& ctx, long long incr) {
    std::string_view key = ctx.argv[1];
    db::Database& db = ctx.db();
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::String, o) == Lookup::WrongType) return;
    long long value = 0;
    if (o) {
        if (!ctx.parse_ll(o->str, value)) return;
    }
    if ((incr < 0 && value < 0 && incr < (LLONG_MIN - value)) ||
        (incr > 0 && value > 0 && incr > (LLONG_MAX - value))) {
        ctx.reply.error(errors::kOverflow);
        return;
    }
    value += incr;
    if (o) {
        // Redis replaces the value in place (dbReplaceValue): the TTL stays.
        o->str.clear();
        util::append_ll(o->str, value);
        o->encoding = Encoding::Int;
    } else {
        db.set(key, int_string(value), ctx.now_ms);
    }
    ctx.key_modified(db, key);
    ctx.notify(notify::String, "incrby", key);
    ctx.reply.integer(value);
}

void incr_command(CommandContext& ctx) {
    incr_decr(ctx, 1);
}
void decr_command(CommandContext& ctx) {
    incr_decr(ctx, -1);
}

void incrby_command(CommandContext& ctx) {
    long long incr;
    if (!ctx.parse_ll(ctx.argv[2], incr)) return;
    incr_decr(ctx, incr);
}

void decrby_command(CommandContext& ctx) {
    long long incr;
    if (!ctx.parse_ll(ctx.argv[2], incr)) return;
    if (incr == LLONG_MIN) {
        ctx.reply.error("ERR decrement would overflow");
        return;
    }
    incr_decr(ctx, -incr);
}

void incrbyfloat_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    db::Database& db = ctx.db();
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::String, o) == Lookup::WrongType) return;
    long double value = 0, incr = 0;
    if (o) {
        if (!ctx.parse_long_double(o->str, value)) return;
    }
    if (!ctx.parse_long_double(ctx.argv[2], incr)) return;
    value += incr;
    if (std::isnan(value) || std::isinf(value)) {
        ctx.reply.error("ERR increment would produce NaN or Infinity");
        return;
    }
    std::string text = util::long_double_to_human(value);
    if (o) {
        // In place, like dbReplaceValue: the TTL stays.
        o->encoding = text.size() <= kEmbstrLimit ? Encoding::EmbStr : Encoding::Raw;
        o->str = text;
    } else {
        db.set(key, plain_string(text), ctx.now_ms);
    }
    ctx.key_modified(db, key);
    if (ctx.propagating()) ctx.propagate_as({"SET", std::string(key), text, "KEEPTTL"});
    ctx.notify(notify::String, "incrbyfloat", key);  // before the reply, as Redis
    ctx.reply.bulk(text);
}

}  // namespace

void register_string_commands(CommandTable& t) {
    t.add_handlers({
        {"get", get_command},
        {"set", set_command},
        {"setnx", setnx_command},
        {"setex", setex_command},
        {"psetex", psetex_command},
        {"getset", getset_command},
        {"getdel", getdel_command},
        {"getex", getex_command},
        {"mget", mget_command},
        {"mset", mset_command},
        {"msetnx", msetnx_command},
        {"append", append_command},
        {"strlen", strlen_command},
        {"getrange", getrange_command},
        {"substr", getrange_command},
        {"setrange", setrange_command},
        {"incr", incr_command},
        {"decr", decr_command},
        {"incrby", incrby_command},
        {"decrby", decrby_command},
        {"incrbyfloat", incrbyfloat_command},
        {"lcs", strings::lcs_command},
    });
}

}  // namespace cairn

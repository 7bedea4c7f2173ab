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
    if (a.has_expire) ctx.notify(notify::Generic, "expire", key);
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
}

void getdel_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    if (!reply_get(ctx, key)) return;
    db::Database& db = ctx.db();
    if (db.remove(key)) {
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
    if ((a.flags & (kSetExAt | kSetPxAt)) && when <= ctx.now_ms) {
        db.remove(key);
        ctx.key_modified(db, key);
        ctx.notify(notify::Generic, "del", key);
    } else if (a.has_expire) {
        db.set_expire(key, when);
        ctx.key_modified(db, key);
        ctx.notify(notify::Generic, "expire", key);
    } else if (a.flags & kSetPersist) {
        if (db.persist(key)) {
            ctx.key_modified(db, key);
            ctx.notify(notify::Generic, "persist", key);
        }
    }
}

void mget_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    ctx.reply.array(argv.size() - 1);
    for (size_t j = 1; j < argv.size(); j++) {
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
    ctx.notify(notify::String, "incrbyfloat", key);  // before the reply, as Redis
    ctx.reply.bulk(text);
}

void lcs_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    // Copy the first value before the second lookup: a lookup may expire (delete) keys.
    Object* oa = ctx.lookup_read(argv[1]);
    const bool a_bad = oa && !is_string(oa);
    std::string a_copy = oa && !a_bad ? oa->str : std::string();
    Object* ob = ctx.lookup_read(argv[2]);
    if (a_bad || (ob && !is_string(ob))) {
        ctx.reply.error("ERR The specified keys must contain string values");
        return;
    }
    bool getlen = false, getidx = false, withmatchlen = false;
    long long minmatchlen = 0;
    for (size_t j = 3; j < argv.size(); j++) {
        std::string_view opt = argv[j];
        const bool more = j + 1 < argv.size();
        if (util::iequals(opt, "idx")) {
            getidx = true;
        } else if (util::iequals(opt, "len")) {
            getlen = true;
        } else if (util::iequals(opt, "withmatchlen")) {
            withmatchlen = true;
        } else if (util::iequals(opt, "minmatchlen") && more) {
            if (!ctx.parse_ll(argv[j + 1], minmatchlen)) return;
            if (minmatchlen < 0) minmatchlen = 0;
            j++;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if (getidx && getlen) {
        ctx.reply.error("ERR If you want both the length and indexes, please just use IDX.");
        return;
    }
    std::string_view a = a_copy;
    std::string_view b = ob ? std::string_view(ob->str) : std::string_view();
    if (a.size() >= UINT32_MAX - 1 || b.size() >= UINT32_MAX - 1) {
        ctx.reply.error("ERR String too long for LCS");
        return;
    }
    const uint32_t alen = static_cast<uint32_t>(a.size());
    const uint32_t blen = static_cast<uint32_t>(b.size());
    const unsigned long long cells =
        static_cast<unsigned long long>(alen + 1ULL) * static_cast<unsigned long long>(blen + 1ULL);
    uint32_t* dp = nullptr;
    if (cells < SIZE_MAX / sizeof(uint32_t)) dp = new (std::nothrow) uint32_t[cells];
    if (!dp) {
        ctx.reply.error("ERR Insufficient memory, failed allocating transient memory for LCS");
        return;
    }
    auto at = [dp, blen](uint32_t i, uint32_t j) -> uint32_t& {
        return dp[static_cast<size_t>(j) + static_cast<size_t>(i) * (blen + 1)];
    };
    for (uint32_t i = 0; i <= alen; i++) {
        for (uint32_t j = 0; j <= blen; j++) {
            if (i == 0 || j == 0) {
                at(i, j) = 0;
            } else if (a[i - 1] == b[j - 1]) {
                at(i, j) = at(i - 1, j - 1) + 1;
            } else {
                uint32_t l1 = at(i - 1, j), l2 = at(i, j - 1);
                at(i, j) = l1 > l2 ? l1 : l2;
            }
        }
    }
    const uint32_t total = at(alen, blen);
    uint32_t idx = total;
    if (getlen && !getidx) {
        delete[] dp;
        ctx.reply.integer(idx);
        return;
    }

    struct Range {
        uint32_t a_start, a_end, b_start, b_end;
    };
    std::string result(idx, '\0');
    std::vector<Range> ranges;
    uint32_t arange_start = alen, arange_end = 0, brange_start = 0, brange_end = 0;
    uint32_t i = alen, j = blen;
    while (i > 0 && j > 0) {
        bool emit = false;
        if (a[i - 1] == b[j - 1]) {
            result[idx - 1] = a[i - 1];
            if (arange_start == alen) {
                arange_start = i - 1;
                arange_end = i - 1;
                brange_start = j - 1;
                brange_end = j - 1;
            } else if (arange_start == i && brange_start == j) {
                arange_start--;
                brange_start--;
            } else {
                emit = true;
            }
            if (arange_start == 0 || brange_start == 0) emit = true;
            idx--;
            i--;
            j--;
        } else {
            uint32_t l1 = at(i - 1, j), l2 = at(i, j - 1);
            if (l1 > l2) {
                i--;
            } else {
                j--;
            }
            if (arange_start != alen) emit = true;
        }
        if (emit) {
            uint32_t match_len = arange_end - arange_start + 1;
            if (getidx && (minmatchlen == 0 || match_len >= minmatchlen)) {
                ranges.push_back({arange_start, arange_end, brange_start, brange_end});
            }
            arange_start = alen;
        }
    }
    delete[] dp;

    if (!getidx) {
        ctx.reply.bulk(result);
        return;
    }
    resp::Reply& r = ctx.reply;
    r.map(2);
    r.bulk("matches");
    r.array(ranges.size());
    for (const Range& rg : ranges) {
        r.array(withmatchlen ? 3 : 2);
        r.array(2);
        r.integer(rg.a_start);
        r.integer(rg.a_end);
        r.array(2);
        r.integer(rg.b_start);
        r.integer(rg.b_end);
        if (withmatchlen) r.integer(rg.a_end - rg.a_start + 1);
    }
    r.bulk("len");
    r.integer(total);
}

// ---------------------------------------------------------------------------------------------
// Table

constexpr std::string_view kGetRangeComplexity =
    "O(N) where N is the length of the returned string. The complexity is ultimately "
    "determined by the returned length, but because creating a substring from an existing "
    "string is very cheap, it can be considered O(1) for small strings.";

CommandSpec string_spec(std::string_view name, int arity, uint32_t flags, int first, int last,
                        int step, std::string_view acl, Handler h, CommandDoc doc) {
    return make_spec("string", name, arity, flags, first, last, step, acl, h, doc);
}

}  // namespace

void register_string_commands(CommandTable& t) {
    constexpr uint32_t kRF = kReadOnly | kFast;
    constexpr uint32_t kWD = kWrite | kDenyOom;
    constexpr uint32_t kWDF = kWrite | kDenyOom | kFast;
    constexpr uint32_t kWF = kWrite | kFast;
    constexpr std::string_view kReadFast = "@read @string @fast";
    constexpr std::string_view kReadSlow = "@read @string @slow";
    constexpr std::string_view kWriteFast = "@write @string @fast";
    constexpr std::string_view kWriteSlow = "@write @string @slow";

    t.add(string_spec("get", 2, kRF, 1, 1, 1, kReadFast, get_command,
                      {"Get the value of a key", "1.0.0", "O(1)", "key"}));
    t.add(string_spec("set", -3, kWD, 1, 1, 1, kWriteSlow, set_command,
                      {"Set the string value of a key", "1.0.0", "O(1)",
                       "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT "
                       "unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]"}));
    t.add(string_spec(
        "setnx", 3, kWDF, 1, 1, 1, kWriteFast, setnx_command,
        {"Set the value of a key, only if the key does not exist", "1.0.0", "O(1)", "key value"}));
    t.add(string_spec(
        "setex", 4, kWD, 1, 1, 1, kWriteSlow, setex_command,
        {"Set the value and expiration of a key", "2.0.0", "O(1)", "key seconds value"}));
    t.add(string_spec("psetex", 4, kWD, 1, 1, 1, kWriteSlow, psetex_command,
                      {"Set the value and expiration in milliseconds of a key", "2.6.0", "O(1)",
                       "key milliseconds value"}));
    t.add(string_spec(
        "getset", 3, kWDF, 1, 1, 1, kWriteFast, getset_command,
        {"Set the string value of a key and return its old value", "1.0.0", "O(1)", "key value"}));
    t.add(string_spec("getdel", 2, kWF, 1, 1, 1, kWriteFast, getdel_command,
                      {"Get the value of a key and delete the key", "6.2.0", "O(1)", "key"}));
    t.add(string_spec("getex", -2, kWF, 1, 1, 1, kWriteFast, getex_command,
                      {"Get the value of a key and optionally set its expiration", "6.2.0", "O(1)",
                       "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT "
                       "unix-time-milliseconds | PERSIST]"}));
    t.add(string_spec("mget", -2, kRF, 1, -1, 1, kReadFast, mget_command,
                      {"Get the values of all the given keys", "1.0.0",
                       "O(N) where N is the number of keys to retrieve.", "key [key ...]"}));
    t.add(string_spec("mset", -3, kWD, 1, -1, 2, kWriteSlow, mset_command,
                      {"Set multiple keys to multiple values", "1.0.1",
                       "O(N) where N is the number of keys to set.", "key value [key value ...]"}));
    t.add(string_spec(
        "msetnx", -3, kWD, 1, -1, 2, kWriteSlow, msetnx_command,
        {"Set multiple keys to multiple values, only if none of the keys exist", "1.0.1",
         "O(N) where N is the number of keys to set.", "key value [key value ...]"}));
    t.add(string_spec(
        "append", 3, kWDF, 1, 1, 1, kWriteFast, append_command,
        {"Append a value to a key", "2.0.0",
         "O(1). The amortized time complexity is O(1) assuming the appended value is small and "
         "the already present value is of any size, since the dynamic string library used by "
         "Redis will double the free space available on every reallocation.",
         "key value"}));
    t.add(string_spec("strlen", 2, kRF, 1, 1, 1, kReadFast, strlen_command,
                      {"Get the length of the value stored in a key", "2.2.0", "O(1)", "key"}));
    t.add(string_spec("getrange", 4, kReadOnly, 1, 1, 1, kReadSlow, getrange_command,
                      {"Get a substring of the string stored at a key", "2.4.0",
                       kGetRangeComplexity, "key start end"}));
    t.add(string_spec("substr", 4, kReadOnly, 1, 1, 1, kReadSlow, getrange_command,
                      {"Get a substring of the string stored at a key", "1.0.0",
                       kGetRangeComplexity, "key start end"}));
    t.add(string_spec(
        "setrange", 4, kWD, 1, 1, 1, kWriteSlow, setrange_command,
        {"Overwrite part of a string at key starting at the specified offset", "2.2.0",
         "O(1), not counting the time taken to copy the new string in place. Usually, this "
         "string is very small so the amortized complexity is O(1). Otherwise, complexity is "
         "O(M) with M being the length of the value argument.",
         "key offset value"}));
    t.add(string_spec("incr", 2, kWDF, 1, 1, 1, kWriteFast, incr_command,
                      {"Increment the integer value of a key by one", "1.0.0", "O(1)", "key"}));
    t.add(string_spec("decr", 2, kWDF, 1, 1, 1, kWriteFast, decr_command,
                      {"Decrement the integer value of a key by one", "1.0.0", "O(1)", "key"}));
    t.add(string_spec("incrby", 3, kWDF, 1, 1, 1, kWriteFast, incrby_command,
                      {"Increment the integer value of a key by the given amount", "1.0.0", "O(1)",
                       "key increment"}));
    t.add(string_spec("decrby", 3, kWDF, 1, 1, 1, kWriteFast, decrby_command,
                      {"Decrement the integer value of a key by the given number", "1.0.0", "O(1)",
                       "key decrement"}));
    t.add(string_spec("incrbyfloat", 3, kWDF, 1, 1, 1, kWriteFast, incrbyfloat_command,
                      {"Increment the float value of a key by the given amount", "2.6.0", "O(1)",
                       "key increment"}));
    t.add(string_spec("lcs", -3, kReadOnly, 1, 2, 1, kReadSlow, lcs_command,
                      {"Find longest common substring", "7.0.0",
                       "O(N*M) where N and M are the lengths of s1 and s2, respectively",
                       "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]"}));
}

}  // namespace cairn

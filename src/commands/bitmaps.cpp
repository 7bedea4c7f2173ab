// Bitmap and bit field commands on string values (Redis 7.0 bitops.c): SETBIT GETBIT BITCOUNT
// BITPOS BITOP BITFIELD BITFIELD_RO.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "config/config.hpp"
#include "db/bitops.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using db::ObjType;
namespace bits = db::bits;

constexpr std::string_view kBadOffset = "ERR bit offset is not an integer or out of range";
constexpr std::string_view kBadType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
    "i64 is.";

const unsigned char* ubytes(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

// getBitOffsetFromArgument. With hash and bits > 0, "#N" means N * bits.
bool parse_bit_offset(CommandContext& ctx, std::string_view arg, bool hash, unsigned width,
                      uint64_t& out) {
    const bool usehash = hash && width > 0 && !arg.empty() && arg[0] == '#';
    long long v;
    if (!util::string_to_ll(arg.substr(usehash ? 1 : 0), v)) {
        ctx.reply.error(kBadOffset);
        return false;
    }
    if (usehash) v = static_cast<long long>(static_cast<unsigned long long>(v) * width);
    if (v < 0 || (v >> 3) >= ctx.config().proto_max_bulk_len) {
        ctx.reply.error(kBadOffset);
        return false;
    }
    out = static_cast<uint64_t>(v);
    return true;
}

// lookupStringForBitCommand: the string at argv[1] grown with zero bytes to hold maxbit;
// created (raw) when missing. nullptr after a WRONGTYPE reply. *dirty: created or grown.
Object* string_for_bits(CommandContext& ctx, uint64_t maxbit, bool& dirty) {
    std::string_view key = ctx.argv[1];
    const size_t need = static_cast<size_t>(maxbit >> 3) + 1;
    Object* o;
    dirty = false;
    if (ctx.lookup_write_as(key, ObjType::String, o) == Lookup::WrongType) return nullptr;
    if (!o) {
        Object n;
        n.type = ObjType::String;
        n.encoding = db::Encoding::Raw;
        n.str.assign(need, '\0');
        dirty = true;
        return ctx.db().add(key, std::move(n), ctx.now_ms);
    }
    o->mark_raw();  // dbUnshareStringValue
    if (o->str.size() < need) {
        o->str.resize(need, '\0');
        dirty = true;
    }
    return o;
}

// A read lookup of a string: nullptr when missing or (with a WRONGTYPE reply, *wrong) not a
// string.
Object* read_string(CommandContext& ctx, bool& wrong) {
    Object* o;
    wrong = ctx.lookup_read_as(ctx.argv[1], ObjType::String, o) == Lookup::WrongType;
    return o;
}

// ---------------------------------------------------------------------------------------------
// SETBIT / GETBIT

void setbit_command(CommandContext& ctx) {
    uint64_t offset;
    if (!parse_bit_offset(ctx, ctx.argv[2], false, 0, offset)) return;
    long long on;
    if (!util::string_to_ll(ctx.argv[3], on) || (on & ~1LL)) {
        ctx.reply.error("ERR bit is not an integer or out of range");
        return;
    }
    bool dirty;
    Object* o = string_for_bits(ctx, offset, dirty);
    if (!o) return;
    unsigned char& byte = reinterpret_cast<unsigned char*>(o->str.data())[offset >> 3];
    const unsigned bit = 7 - (offset & 7);
    const int old = (byte >> bit) & 1;
    if (dirty || old != on) {
        byte =
            static_cast<unsigned char>((byte & ~(1u << bit)) | (static_cast<unsigned>(on) << bit));
        ctx.key_modified(ctx.argv[1]);
        ctx.notify(notify::String, "setbit", ctx.argv[1]);
    }
    ctx.reply.integer(old);
}

void getbit_command(CommandContext& ctx) {
    uint64_t offset;
    if (!parse_bit_offset(ctx, ctx.argv[2], false, 0, offset)) return;
    bool wrong;
    Object* o = read_string(ctx, wrong);
    if (wrong) return;
    int value = 0;
    if (o && (offset >> 3) < o->str.size()) {
        value = (ubytes(o->str)[offset >> 3] >> (7 - (offset & 7))) & 1;
    }
    ctx.reply.integer(value);
}

// ---------------------------------------------------------------------------------------------
// BITCOUNT / BITPOS

// BYTE | BIT as the unit of a range.
bool parse_unit(CommandContext& ctx, std::string_view arg, bool& isbit) {
    if (util::iequals(arg, "bit")) {
        isbit = true;
    } else if (util::iequals(arg, "byte")) {
        isbit = false;
    } else {
        ctx.syntax_error();
        return false;
    }
    return true;
}

// BITCOUNT / BITPOS: negative offsets count from the end, the range is clamped to the
// string, and a BIT range becomes a byte range plus masks for its partial first and last
// bytes (Redis's shared logic of both commands).
void normalize_range(long long& start, long long& end, long long totlen, bool isbit,
                     unsigned& first_mask, unsigned& last_mask) {
    if (start < 0) start = totlen + start;
    if (end < 0) end = totlen + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= totlen) end = totlen - 1;
    if (isbit && start <= end) {
        first_mask = ~((1u << (8 - (start & 7))) - 1) & 0xFF;
        last_mask = (1u << (7 - (end & 7))) - 1;
        start >>= 3;
        end >>= 3;
    }
}

void bitcount_command(CommandContext& ctx) {
    bool wrong;
    Object* o = read_string(ctx, wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    const std::string& s = o->str;
    const long long strlen = static_cast<long long>(s.size());
    long long start, end;
    unsigned first_mask = 0, last_mask = 0;
    if (ctx.argc() == 4 || ctx.argc() == 5) {
        if (!ctx.parse_ll(ctx.argv[2], start) || !ctx.parse_ll(ctx.argv[3], end)) return;
        // Redis 7.0 answers an empty negative range before it looks at BIT|BYTE.
        if (start < 0 && end < 0 && start > end) {
            ctx.reply.integer(0);
            return;
        }
        bool isbit = false;
        if (ctx.argc() == 5 && !parse_unit(ctx, ctx.argv[4], isbit)) return;
        long long totlen = isbit ? strlen << 3 : strlen;
        normalize_range(start, end, totlen, isbit, first_mask, last_mask);
    } else if (ctx.argc() == 2) {
        start = 0;
        end = strlen - 1;
    } else {
        ctx.syntax_error();
        return;
    }
    if (start > end) {
        ctx.reply.integer(0);
        return;
    }
    const unsigned char* p = ubytes(s);
    long long count = bits::popcount(p + start, static_cast<size_t>(end - start + 1));
    if (first_mask || last_mask) {
        unsigned char firstlast[2] = {0, 0};
        if (first_mask) firstlast[0] = static_cast<unsigned char>(p[start] & first_mask);
        if (last_mask) firstlast[1] = static_cast<unsigned char>(p[end] & last_mask);
        count -= bits::popcount(firstlast, 2);
    }
    ctx.reply.integer(count);
}

void bitpos_command(CommandContext& ctx) {
    long long bit;
    if (!ctx.parse_ll(ctx.argv[2], bit)) return;
    if (bit != 0 && bit != 1) {
        ctx.reply.error("ERR The bit argument must be 1 or 0.");
        return;
    }
    bool wrong;
    Object* o = read_string(ctx, wrong);
    if (wrong) return;
    if (!o) {
        ctx.reply.integer(bit ? -1 : 0);
        return;
    }
    const std::string& s = o->str;
    const long long strlen = static_cast<long long>(s.size());
    long long start, end;
    bool end_given = false;
    unsigned first_mask = 0, last_mask = 0;
    if (ctx.argc() >= 4 && ctx.argc() <= 6) {
        if (!ctx.parse_ll(ctx.argv[3], start)) return;
        bool isbit = false;
        if (ctx.argc() == 6 && !parse_unit(ctx, ctx.argv[5], isbit)) return;
        long long totlen = isbit ? strlen << 3 : strlen;
        if (ctx.argc() >= 5) {
            if (!ctx.parse_ll(ctx.argv[4], end)) return;
            end_given = true;
        } else {
            end = totlen - 1;
        }
        normalize_range(start, end, totlen, isbit, first_mask, last_mask);
    } else if (ctx.argc() == 3) {
        start = 0;
        end = strlen - 1;
    } else {
        ctx.syntax_error();
        return;
    }
    // An empty range holds neither a 0 nor a 1.
    if (start > end) {
        ctx.reply.integer(-1);
        return;
    }
    const unsigned char* p = ubytes(s);
    long long bytes = end - start + 1;
    long long pos;
    unsigned char tmp;
    // Masked bits are forced to the value not looked for.
    auto masked = [&](unsigned char b, unsigned mask) {
        return static_cast<unsigned char>(bit ? (b & ~mask) : (b | mask));
    };
    if (first_mask) {
        tmp = masked(p[start], first_mask);
        if (last_mask && bytes == 1) tmp = masked(tmp, last_mask);
        pos = bits::bitpos(&tmp, 1, static_cast<int>(bit));
        if (bytes == 1 || (pos != -1 && pos != 8)) goto result;
        start++;
        bytes--;
    }
    {
        const long long curbytes = bytes - (last_mask ? 1 : 0);
        if (curbytes > 0) {
            pos = bits::bitpos(p + start, static_cast<size_t>(curbytes), static_cast<int>(bit));
            if (bytes == curbytes || (pos != -1 && pos != curbytes << 3)) goto result;
            start += curbytes;
            bytes -= curbytes;
        }
    }
    tmp = masked(p[end], last_mask);
    pos = bits::bitpos(&tmp, 1, static_cast<int>(bit));
result:
    // Looking for a clear bit in an explicit range: the padding after the range is not ours.
    if (end_given && bit == 0 && pos == bytes << 3) {
        ctx.reply.integer(-1);
        return;
    }
    if (pos != -1) pos += start << 3;
    ctx.reply.integer(pos);
}

// ---------------------------------------------------------------------------------------------
// BITOP

void bitop_command(CommandContext& ctx) {
    enum { And, Or, Xor, Not } op;
    std::string_view name = ctx.argv[1];
    if (util::iequals(name, "and")) {
        op = And;
    } else if (util::iequals(name, "or")) {
        op = Or;
    } else if (util::iequals(name, "xor")) {
        op = Xor;
    } else if (util::iequals(name, "not")) {
        op = Not;
    } else {
        ctx.syntax_error();
        return;
    }
    if (op == Not && ctx.argc() != 4) {
        ctx.reply.error("ERR BITOP NOT must be called with a single source key.");
        return;
    }
    const size_t numkeys = ctx.argc() - 3;
    std::vector<const std::string*> src(numkeys, nullptr);
    size_t maxlen = 0;
    for (size_t j = 0; j < numkeys; j++) {
        Object* o;
        if (ctx.lookup_read_as(ctx.argv[j + 3], ObjType::String, o) == Lookup::WrongType) return;
        if (!o) continue;
        src[j] = &o->str;
        if (o->str.size() > maxlen) maxlen = o->str.size();
    }
    std::string_view target = ctx.argv[2];
    db::Database& d = ctx.db();
    if (maxlen == 0) {
        if (d.remove(target)) {
            ctx.key_modified(d, target);
            ctx.notify(notify::Generic, "del", target);
        }
        ctx.reply.integer(0);
        return;
    }
    auto byte_at = [&](size_t k, size_t j) -> unsigned char {
        return src[k] && j < src[k]->size() ? ubytes(*src[k])[j] : 0;
    };
    std::string res(maxlen, '\0');
    for (size_t j = 0; j < maxlen; j++) {
        unsigned char out = byte_at(0, j);
        if (op == Not) out = static_cast<unsigned char>(~out);
        for (size_t k = 1; k < numkeys; k++) {
            const unsigned char b = byte_at(k, j);
            if (op == And) {
                out &= b;
            } else if (op == Or) {
                out |= b;
            } else {
                out ^= b;
            }
        }
        res[j] = static_cast<char>(out);
    }
    Object n;
    n.type = ObjType::String;
    n.encoding = db::Encoding::Raw;
    n.str = std::move(res);
    d.set(target, std::move(n), ctx.now_ms);
    ctx.key_modified(d, target);
    ctx.notify(notify::String, "set", target);
    ctx.reply.integer(static_cast<long long>(maxlen));
}

// ---------------------------------------------------------------------------------------------
// BITFIELD / BITFIELD_RO

enum class FieldOp { Get, Set, Incrby };

struct FieldCmd {
    FieldOp op;
    uint64_t offset;
    int64_t value;
    bits::Overflow overflow;
    unsigned width;
    bool sign;
};

// getBitfieldTypeFromArgument: i1..i64, u1..u63 (lower-case only: "U8" is an invalid type).
bool parse_field_type(CommandContext& ctx, std::string_view arg, bool& sign, unsigned& width) {
    if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u')) {
        ctx.reply.error(kBadType);
        return false;
    }
    sign = arg[0] == 'i';
    long long n;
    if (!util::string_to_ll(arg.substr(1), n) || n < 1 || (sign && n > 64) || (!sign && n > 63)) {
        ctx.reply.error(kBadType);
        return false;
    }
    width = static_cast<unsigned>(n);
    return true;
}

// The GET / SET / INCRBY / OVERFLOW words into ops; replies the error itself. readonly stays
// true when there is no SET or INCRBY; highest_write is the last bit they touch.
bool parse_field_ops(CommandContext& ctx, std::vector<FieldCmd>& ops, bool& readonly,
                     uint64_t& highest_write) {
    bits::Overflow overflow = bits::Overflow::Wrap;
    for (size_t j = 2; j < ctx.argc(); j++) {
        const size_t remargs = ctx.argc() - j - 1;
        std::string_view sub = ctx.argv[j];
        FieldOp op;
        if (util::iequals(sub, "get") && remargs >= 2) {
            op = FieldOp::Get;
        } else if (util::iequals(sub, "set") && remargs >= 3) {
            op = FieldOp::Set;
        } else if (util::iequals(sub, "incrby") && remargs >= 3) {
            op = FieldOp::Incrby;
        } else if (util::iequals(sub, "overflow") && remargs >= 1) {
            std::string_view type = ctx.argv[++j];
            if (util::iequals(type, "wrap")) {
                overflow = bits::Overflow::Wrap;
            } else if (util::iequals(type, "sat")) {
                overflow = bits::Overflow::Sat;
            } else if (util::iequals(type, "fail")) {
                overflow = bits::Overflow::Fail;
            } else {
                ctx.reply.error("ERR Invalid OVERFLOW type specified");
                return false;
            }
            continue;
        } else {
            ctx.syntax_error();
            return false;
        }
        FieldCmd c{op, 0, 0, overflow, 0, false};
        if (!parse_field_type(ctx, ctx.argv[j + 1], c.sign, c.width)) return false;
        if (!parse_bit_offset(ctx, ctx.argv[j + 2], true, c.width, c.offset)) return false;
        if (op != FieldOp::Get) {
            readonly = false;
            if (highest_write < c.offset + c.width - 1) highest_write = c.offset + c.width - 1;
            long long v;
            if (!ctx.parse_ll(ctx.argv[j + 3], v)) return false;
            c.value = v;
        }
        ops.push_back(c);
        j += op == FieldOp::Get ? 2 : 3;
    }
    return true;
}

void reply_field_get(CommandContext& ctx, const Object* o, const FieldCmd& c) {
    // Copy up to 9 bytes so reads past the end see zeros.
    unsigned char buf[9] = {0};
    const uint64_t byte = c.offset >> 3;
    const size_t len = o ? o->str.size() : 0;
    for (size_t i = 0; i < 9 && byte + i < len; i++) buf[i] = ubytes(o->str)[byte + i];
    const uint64_t off = c.offset - byte * 8;
    if (c.sign) {
        ctx.reply.integer(bits::get_signed(buf, off, c.width));
    } else {
        ctx.reply.integer(static_cast<long long>(bits::get_unsigned(buf, off, c.width)));
    }
}

// What a SET or INCRBY did to its field.
enum class FieldWrite { Refused, Unchanged, Changed };

// SET or INCRBY of a signed field: replies the old (SET) or new (INCRBY) value, or null when
// OVERFLOW FAIL refuses it.
FieldWrite apply_signed(CommandContext& ctx, unsigned char* p, const FieldCmd& c) {
    const int64_t oldval = bits::get_signed(p, c.offset, c.width);
    int64_t newval, wrapped = 0, retval;
    int ovf;
    if (c.op == FieldOp::Incrby) {
        ovf = bits::check_signed_overflow(oldval, c.value, c.width, c.overflow, &wrapped);
        newval = ovf ? wrapped
                     : static_cast<int64_t>(static_cast<uint64_t>(oldval) +
                                            static_cast<uint64_t>(c.value));
        retval = newval;
    } else {
        newval = c.value;
        ovf = bits::check_signed_overflow(newval, 0, c.width, c.overflow, &wrapped);
        if (ovf) newval = wrapped;
        retval = oldval;
    }
    if (ovf && c.overflow == bits::Overflow::Fail) {
        ctx.reply.null();
        return FieldWrite::Refused;
    }
    ctx.reply.integer(retval);
    bits::set_signed(p, c.offset, c.width, newval);
    return oldval != newval ? FieldWrite::Changed : FieldWrite::Unchanged;
}

// The same for an unsigned field.
FieldWrite apply_unsigned(CommandContext& ctx, unsigned char* p, const FieldCmd& c) {
    const uint64_t oldval = bits::get_unsigned(p, c.offset, c.width);
    uint64_t newval, wrapped = 0, retval;
    int ovf;
    if (c.op == FieldOp::Incrby) {
        newval = oldval + static_cast<uint64_t>(c.value);
        ovf = bits::check_unsigned_overflow(oldval, c.value, c.width, c.overflow, &wrapped);
        if (ovf) newval = wrapped;
        retval = newval;
    } else {
        newval = static_cast<uint64_t>(c.value);
        ovf = bits::check_unsigned_overflow(newval, 0, c.width, c.overflow, &wrapped);
        if (ovf) newval = wrapped;
        retval = oldval;
    }
    if (ovf && c.overflow == bits::Overflow::Fail) {
        ctx.reply.null();
        return FieldWrite::Refused;
    }
    ctx.reply.integer(static_cast<long long>(retval));
    bits::set_unsigned(p, c.offset, c.width, newval);
    return oldval != newval ? FieldWrite::Changed : FieldWrite::Unchanged;
}

void bitfield_generic(CommandContext& ctx, bool ro_command) {
    std::vector<FieldCmd> ops;
    bool readonly = true;
    uint64_t highest_write = 0;
    if (!parse_field_ops(ctx, ops, readonly, highest_write)) return;

    Object* o = nullptr;
    bool dirty = false;  // the string was created or grown
    if (readonly) {
        bool wrong;
        o = read_string(ctx, wrong);
        if (wrong) return;
    } else {
        if (ro_command) {
            ctx.reply.error("ERR BITFIELD_RO only supports the GET subcommand");
            return;
        }
        o = string_for_bits(ctx, highest_write, dirty);
        if (!o) return;
    }

    ctx.reply.array(ops.size());
    size_t changes = 0;
    for (const FieldCmd& c : ops) {
        if (c.op == FieldOp::Get) {
            reply_field_get(ctx, o, c);
            continue;
        }
        unsigned char* p = reinterpret_cast<unsigned char*>(o->str.data());
        FieldWrite w = c.sign ? apply_signed(ctx, p, c) : apply_unsigned(ctx, p, c);
        if (w == FieldWrite::Changed || (w == FieldWrite::Unchanged && dirty)) changes++;
    }
    if (changes) {
        lists::signal_changes(ctx, ctx.db(), ctx.argv[1], changes);
        ctx.notify(notify::String, "setbit", ctx.argv[1]);
    }
}

void bitfield_command(CommandContext& ctx) {
    bitfield_generic(ctx, false);
}

void bitfield_ro_command(CommandContext& ctx) {
    bitfield_generic(ctx, true);
}

}  // namespace

void register_bitmap_commands(CommandTable& t) {
    t.add_handlers({
        {"setbit", setbit_command},
        {"getbit", getbit_command},
        {"bitcount", bitcount_command},
        {"bitpos", bitpos_command},
        {"bitop", bitop_command},
        {"bitfield", bitfield_command},
        {"bitfield_ro", bitfield_ro_command},
    });
}

}  // namespace cairn

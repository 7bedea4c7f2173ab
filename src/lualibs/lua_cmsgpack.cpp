// Redis's `cmsgpack` Lua library (lua-cmsgpack 0.4.0 as Redis 7.0 ships it): MessagePack for
// scripts, with the same bytes, values and error texts (tests/unit/lualibs checks them
// against redis-server).
//   cmsgpack.pack(v1, ...)              the encodings of all arguments, concatenated
//   cmsgpack.unpack(s)                  every value in s
//   cmsgpack.unpack_one(s [, offset])   next offset (-1 at the end), then one value
//   cmsgpack.unpack_limit(s, n [, off]) next offset, then up to n values (n = 0: all)
// Encoding as Redis: a number that is an integer in int64's range as the smallest integer
// type, else as a float 32 when that is exact, else a float 64; strings as fixstr/str 8/16/32;
// a table as an array when its keys are exactly 1..n, else as a map in Lua's iteration order;
// tables nested 16 deep become nil (which also ends cycles); functions and the like are nil.
// Decoding knows no bin or ext types (bad data format), and gives every number as a Lua
// number (uint 64 read as int 64).
#include "lualibs/lua_libs.hpp"

#include <lauxlib.h>
#include <lua.h>

#include "lualibs/number_casts.hpp"

#include <bit>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace {

using cairn::lualibs::is_int64_equivalent;

constexpr int kMaxNesting = 16;  // LUACMSGPACK_MAX_NESTING

// The encoding grows in a userdata at a fixed stack slot: garbage collected, so a Lua error
// (out of memory) in the middle of encoding leaks nothing.
class Encoder {
public:
    Encoder(lua_State* L, int slot) : L_(L), slot_(slot) {
        data_ = static_cast<unsigned char*>(lua_newuserdata(L, capacity_));
        lua_replace(L, slot);
    }

    void append(const unsigned char* bytes, size_t n) {
        if (capacity_ - size_ < n) grow(n);
        std::memcpy(data_ + size_, bytes, n);
        size_ += n;
    }
    void push_result() const { lua_pushlstring(L_, reinterpret_cast<const char*>(data_), size_); }

    // Type byte then `value` in `n` big-endian bytes.
    void append_be(unsigned char type, std::uint64_t value, size_t n) {
        unsigned char bytes[9] = {type};
        for (size_t i = 0; i < n; i++) bytes[n - i] = static_cast<unsigned char>(value >> (8 * i));
        append(bytes, n + 1);
    }
    void append_byte(unsigned char b) { append(&b, 1); }

private:
    void grow(size_t n) {
        size_t capacity = capacity_ * 2;
        while (capacity - size_ < n) capacity *= 2;
        auto* data = static_cast<unsigned char*>(lua_newuserdata(L_, capacity));
        std::memcpy(data, data_, size_);
        lua_replace(L_, slot_);
        data_ = data;
        capacity_ = capacity;
    }

    lua_State* L_;
    int slot_;
    unsigned char* data_;
    size_t size_ = 0;
    size_t capacity_ = 64;
};

void encode_integer(Encoder& out, std::int64_t n) {
    auto u = static_cast<std::uint64_t>(n);
    if (n >= 0) {
        if (n <= 127) {
            out.append_byte(static_cast<unsigned char>(n));
        } else if (n <= 0xff) {
            out.append_be(0xcc, u, 1);
        } else if (n <= 0xffff) {
            out.append_be(0xcd, u, 2);
        } else if (n <= 0xffffffffLL) {
            out.append_be(0xce, u, 4);
        } else {
            out.append_be(0xcf, u, 8);
        }
    } else if (n >= -32) {
        out.append_byte(static_cast<unsigned char>(u));
    } else if (n >= -128) {
        out.append_be(0xd0, u, 1);
    } else if (n >= -32768) {
        out.append_be(0xd1, u, 2);
    } else if (n >= -2147483648LL) {
        out.append_be(0xd2, u, 4);
    } else {
        out.append_be(0xd3, u, 8);
    }
}

// Float 32 when it holds the value exactly (infinities too), else float 64.
void encode_double(Encoder& out, double d) {
    bool fits = std::isinf(d) || (std::fabs(d) <= FLT_MAX && static_cast<float>(d) == d);
    if (fits) {
        out.append_be(0xca, std::bit_cast<std::uint32_t>(static_cast<float>(d)), 4);
    } else {
        out.append_be(0xcb, std::bit_cast<std::uint64_t>(d), 8);
    }
}

void encode_string(Encoder& out, const char* s, size_t n) {
    if (n < 32) {
        out.append_byte(static_cast<unsigned char>(0xa0 | n));
    } else if (n <= 0xff) {
        out.append_be(0xd9, n, 1);
    } else if (n <= 0xffff) {
        out.append_be(0xda, n, 2);
    } else {
        out.append_be(0xdb, n, 4);
    }
    out.append(reinterpret_cast<const unsigned char*>(s), n);
}

void encode_header(Encoder& out, size_t n, unsigned char fix, unsigned char type16) {
    if (n <= 15) {
        out.append_byte(static_cast<unsigned char>(fix | n));
    } else if (n <= 0xffff) {
        out.append_be(type16, n, 2);
    } else {
        out.append_be(static_cast<unsigned char>(type16 + 1), n, 4);
    }
}

// Whether the table on top has exactly the keys 1..n (n >= 0), each an integer in int's range.
bool is_array(lua_State* L) {
    int top = lua_gettop(L);
    int count = 0;
    int max = 0;
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        lua_pop(L, 1);
        lua_Number n = 0;
        if (lua_type(L, -1) != LUA_TNUMBER || (n = lua_tonumber(L, -1)) <= 0 || n > INT_MAX ||
            std::trunc(n) != n) {
            lua_settop(L, top);
            return false;
        }
        if (n > max) max = static_cast<int>(n);
        count++;
    }
    lua_settop(L, top);
    return max == count;
}

void encode_value(lua_State* L, Encoder& out, int level);

void encode_table(lua_State* L, Encoder& out, int level) {
    if (is_array(L)) {
        size_t n = lua_objlen(L, -1);
        encode_header(out, n, 0x90, 0xdc);
        luaL_checkstack(L, 1, "in function mp_encode_lua_table_as_array");
        for (size_t i = 1; i <= n; i++) {
            lua_pushnumber(L, static_cast<lua_Number>(i));
            lua_gettable(L, -2);
            encode_value(L, out, level + 1);
        }
        return;
    }
    luaL_checkstack(L, 3, "in function mp_encode_lua_table_as_map");
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        lua_pop(L, 1);
        n++;
    }
    encode_header(out, n, 0x80, 0xde);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {  // ... key value
        lua_pushvalue(L, -2);
        encode_value(L, out, level + 1);  // the key's copy
        encode_value(L, out, level + 1);  // the value
    }
}

// Encodes the value on top of the stack and pops it.
void encode_value(lua_State* L, Encoder& out, int level) {
    int type = lua_type(L, -1);
    if (type == LUA_TTABLE && level == kMaxNesting) type = LUA_TNIL;
    switch (type) {
        case LUA_TSTRING: {
            size_t n = 0;
            const char* s = lua_tolstring(L, -1, &n);
            encode_string(out, s, n);
            break;
        }
        case LUA_TBOOLEAN:
            out.append_byte(lua_toboolean(L, -1) ? 0xc3 : 0xc2);
            break;
        case LUA_TNUMBER: {
            lua_Number n = lua_tonumber(L, -1);
            if (is_int64_equivalent(n)) {
                encode_integer(out, static_cast<std::int64_t>(n));
            } else {
                encode_double(out, n);
            }
            break;
        }
        case LUA_TTABLE:
            encode_table(L, out, level);
            break;
        default:
            out.append_byte(0xc0);
    }
    lua_pop(L, 1);
}

int mp_pack(lua_State* L) {
    int nargs = lua_gettop(L);
    if (nargs == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
    if (!lua_checkstack(L, nargs)) {
        return luaL_argerror(L, 0, "Too many arguments for MessagePack pack.");
    }
    lua_pushnil(L);  // the encoder's slot
    Encoder out(L, nargs + 1);
    for (int i = 1; i <= nargs; i++) {
        luaL_checkstack(L, 1, "in function mp_check");
        lua_pushvalue(L, i);
        encode_value(L, out, 0);
    }
    out.push_result();
    return 1;
}

enum class DecodeError { none, eof, bad_format };

struct Cursor {
    const unsigned char* p;
    size_t left;
    DecodeError error = DecodeError::none;

    bool need(size_t n) {
        if (left >= n) return true;
        error = DecodeError::eof;
        return false;
    }
    void consume(size_t n) {
        p += n;
        left -= n;
    }
    // The big-endian unsigned integer of n bytes after the type byte.
    std::uint64_t be(size_t n) const {
        std::uint64_t v = 0;
        for (size_t i = 1; i <= n; i++) v = (v << 8) | p[i];
        return v;
    }
};

void decode_value(lua_State* L, Cursor& c);

void decode_array(lua_State* L, Cursor& c, size_t n) {
    lua_newtable(L);
    luaL_checkstack(L, 1, "in function mp_decode_to_lua_array");
    for (lua_Number index = 1; n > 0; n--, index++) {
        lua_pushnumber(L, index);
        decode_value(L, c);
        if (c.error != DecodeError::none) return;
        lua_settable(L, -3);
    }
}

void decode_map(lua_State* L, Cursor& c, size_t n) {
    lua_newtable(L);  // decode_value made room for it (and checks before the key and value)
    for (; n > 0; n--) {
        decode_value(L, c);  // key
        if (c.error != DecodeError::none) return;
        decode_value(L, c);  // value
        if (c.error != DecodeError::none) return;
        lua_settable(L, -3);  // "table index is nil" / "is NaN" as in Redis
    }
}

// A value of n bytes after the type byte, as the integer type T.
template <typename T>
void decode_integer(lua_State* L, Cursor& c, size_t n) {
    if (!c.need(1 + n)) return;
    lua_pushnumber(L, static_cast<lua_Number>(static_cast<T>(c.be(n))));
    c.consume(1 + n);
}

// A string of the length in the n bytes after the type byte.
void decode_string(lua_State* L, Cursor& c, size_t n) {
    if (!c.need(1 + n)) return;
    auto length = static_cast<size_t>(c.be(n));
    if (!c.need(1 + n + length)) return;
    lua_pushlstring(L, reinterpret_cast<const char*>(c.p + 1 + n), length);
    c.consume(1 + n + length);
}

// An array or map with the count in the n bytes after the type byte.
void decode_container(lua_State* L, Cursor& c, size_t n, bool map) {
    if (!c.need(1 + n)) return;
    auto count = static_cast<size_t>(c.be(n));
    c.consume(1 + n);
    if (map) {
        decode_map(L, c, count);
    } else {
        decode_array(L, c, count);
    }
}

void decode_fixed(lua_State* L, Cursor& c) {
    unsigned char b = c.p[0];
    if ((b & 0x80) == 0) {  // positive fixint
        lua_pushnumber(L, b);
        c.consume(1);
    } else if ((b & 0xe0) == 0xe0) {  // negative fixint
        lua_pushnumber(L, static_cast<signed char>(b));
        c.consume(1);
    } else if ((b & 0xe0) == 0xa0) {  // fixstr
        size_t length = b & 0x1f;
        if (!c.need(1 + length)) return;
        lua_pushlstring(L, reinterpret_cast<const char*>(c.p + 1), length);
        c.consume(1 + length);
    } else if ((b & 0xf0) == 0x90) {  // fixarray
        c.consume(1);
        decode_array(L, c, b & 0xf);
    } else if ((b & 0xf0) == 0x80) {  // fixmap
        c.consume(1);
        decode_map(L, c, b & 0xf);
    } else {
        c.error = DecodeError::bad_format;
    }
}

// Pushes the next value (unless c.error is set).
void decode_value(lua_State* L, Cursor& c) {
    // Room for the value; also what stops deep nesting (the stack's limit), as in Redis.
    luaL_checkstack(L, 1,
                    "too many return values at once; use unpack_one or unpack_limit instead.");
    if (!c.need(1)) return;
    switch (c.p[0]) {
        case 0xcc:
            return decode_integer<std::uint8_t>(L, c, 1);
        case 0xcd:
            return decode_integer<std::uint16_t>(L, c, 2);
        case 0xce:
            return decode_integer<std::uint32_t>(L, c, 4);
        case 0xcf:  // as Redis: read as int 64
        case 0xd3:
            return decode_integer<std::int64_t>(L, c, 8);
        case 0xd0:
            return decode_integer<std::int8_t>(L, c, 1);
        case 0xd1:
            return decode_integer<std::int16_t>(L, c, 2);
        case 0xd2:
            return decode_integer<std::int32_t>(L, c, 4);
        case 0xc0:
            lua_pushnil(L);
            c.consume(1);
            return;
        case 0xc2:
        case 0xc3:
            lua_pushboolean(L, c.p[0] == 0xc3);
            c.consume(1);
            return;
        case 0xca:
            if (!c.need(5)) return;
            lua_pushnumber(L, std::bit_cast<float>(static_cast<std::uint32_t>(c.be(4))));
            c.consume(5);
            return;
        case 0xcb:
            if (!c.need(9)) return;
            lua_pushnumber(L, std::bit_cast<double>(c.be(8)));
            c.consume(9);
            return;
        case 0xd9:
            return decode_string(L, c, 1);
        case 0xda:
            return decode_string(L, c, 2);
        case 0xdb:
            return decode_string(L, c, 4);
        case 0xdc:
            return decode_container(L, c, 2, false);
        case 0xdd:
            return decode_container(L, c, 4, false);
        case 0xde:
            return decode_container(L, c, 2, true);
        case 0xdf:
            return decode_container(L, c, 4, true);
        default:
            return decode_fixed(L, c);
    }
}

// The string at index 1 from `offset`: up to `limit` values (all when limit and offset are 0),
// preceded by the next offset (-1 at the end) unless all were asked for.
int unpack(lua_State* L, int limit, int offset) {
    size_t length = 0;
    const char* s = luaL_checklstring(L, 1, &length);
    bool all = limit == 0 && offset == 0;
    // Redis prints the input's length as the limit.
    if (offset < 0 || limit < 0) {
        return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.", offset,
                          static_cast<int>(length));
    }
    if (static_cast<size_t>(offset) > length) {
        return luaL_error(L, "Start offset %d greater than input length %d.", offset,
                          static_cast<int>(length));
    }
    if (all) limit = INT_MAX;
    Cursor c{reinterpret_cast<const unsigned char*>(s) + offset,
             length - static_cast<size_t>(offset)};
    int count = 0;
    for (; c.left > 0 && count < limit; count++) {
        decode_value(L, c);
        if (c.error == DecodeError::eof) return luaL_error(L, "Missing bytes in input.");
        if (c.error == DecodeError::bad_format) return luaL_error(L, "Bad data format in input.");
    }
    if (all) return count;
    lua_pushinteger(L, c.left == 0 ? -1 : static_cast<lua_Integer>(length - c.left));
    lua_insert(L, 2);
    return count + 1;
}

int mp_unpack(lua_State* L) {
    return unpack(L, 0, 0);
}

int mp_unpack_one(lua_State* L) {
    auto offset = static_cast<int>(luaL_optinteger(L, 2, 0));
    lua_pop(L, lua_gettop(L) - 1);  // as Redis (no argument: nothing left)
    return unpack(L, 1, offset);
}

int mp_unpack_limit(lua_State* L) {
    auto limit = static_cast<int>(luaL_checkinteger(L, 2));
    auto offset = static_cast<int>(luaL_optinteger(L, 3, 0));
    lua_pop(L, lua_gettop(L) - 1);
    return unpack(L, limit, offset);
}

const luaL_Reg kCmsgpackFunctions[] = {
    {"pack", mp_pack},
    {"unpack", mp_unpack},
    {"unpack_one", mp_unpack_one},
    {"unpack_limit", mp_unpack_limit},
    {nullptr, nullptr},
};

}  // namespace

extern "C" int luaopen_cmsgpack(lua_State* L) {
    lua_newtable(L);
    luaL_register(L, nullptr, kCmsgpackFunctions);
    lua_pushliteral(L, "cmsgpack");
    lua_setfield(L, -2, "_NAME");
    lua_pushliteral(L, "lua-cmsgpack 0.4.0");
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, "Copyright (C) 2012, Salvatore Sanfilippo");
    lua_setfield(L, -2, "_COPYRIGHT");
    lua_pushliteral(L, "MessagePack C implementation for Lua");
    lua_setfield(L, -2, "_DESCRIPTION");
    lua_pushvalue(L, -1);
    lua_setglobal(L, "cmsgpack");  // Lua 5.1: the library is a global, as in Redis
    return 1;
}

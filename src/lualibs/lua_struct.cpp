// Redis's `struct` Lua library (Roberto Ierusalimschy's struct 0.2 as Redis 7.0 ships it):
// struct.pack(fmt, ...), struct.unpack(fmt, s [, pos]) and struct.size(fmt), with the same
// bytes, values and error texts (tests/unit/lualibs checks them against redis-server).
// Format: '<' little, '>' big endian, '!n' maximum alignment n (default 8), ' ' ignored;
// 'b'/'B' char, 'h'/'H' short, 'i'/'I'[n] int of n bytes (default 4, up to 32), 'l'/'L' long,
// 'T' size_t, 'f' float, 'd' double, 'x' one zero byte, 's' zero-terminated string, 'c'[n]
// n chars ('c0': the whole string; unpacking, the length is the previous value). The sizes
// are Redis's on 64-bit Linux on every platform: long and size_t are 8 bytes.
#include "lualibs/lua_libs.hpp"

#include <lauxlib.h>
#include <lua.h>

#include "lualibs/number_casts.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cfloat>
#include <climits>
#include <cstdint>
#include <cstring>

namespace {

using cairn::lualibs::x86_to_uint64;

constexpr int kMaxIntSize = 32;
constexpr int kMaxAlign = 8;

enum class Endian { little, big };
constexpr Endian kNative = std::endian::native == std::endian::big ? Endian::big : Endian::little;

struct Options {
    Endian endian = kNative;
    size_t align = 1;
};

// A decimal count after an option, or `absent` when none follows.
int read_count(lua_State* L, const char** fmt, int absent) {
    if (!std::isdigit(static_cast<unsigned char>(**fmt))) return absent;
    int n = 0;
    while (std::isdigit(static_cast<unsigned char>(**fmt))) {
        int digit = **fmt - '0';
        if (n > INT_MAX / 10 || n * 10 > INT_MAX - digit) luaL_error(L, "integral size overflow");
        n = n * 10 + digit;
        ++*fmt;
    }
    return n;
}

// The size of one item of option `opt` (0 for 's', 'c0' and the control options).
size_t item_size(lua_State* L, int opt, const char** fmt) {
    switch (opt) {
        case 'b':
        case 'B':
        case 'x':
            return 1;
        case 'h':
        case 'H':
            return 2;
        case 'l':
        case 'L':
        case 'T':
        case 'd':
            return 8;
        case 'f':
            return 4;
        case 'c':
            return static_cast<size_t>(read_count(L, fmt, 1));
        case 'i':
        case 'I': {
            int n = read_count(L, fmt, 4);
            if (n > kMaxIntSize) {
                luaL_error(L, "integral size %d is larger than limit of %d", n, kMaxIntSize);
            }
            return static_cast<size_t>(n);
        }
        default:
            return 0;
    }
}

// Padding before an item of `size` bytes at offset `offset`. Like Redis, it assumes power-of-two
// sizes: other sizes get the same (odd) padding as there.
size_t padding(size_t offset, const Options& options, int opt, size_t size) {
    if (size == 0 || opt == 'c') return 0;
    size = std::min(size, options.align);
    return (size - (offset & (size - 1))) & (size - 1);
}

// '<', '>', '!n' and ' '; anything else is an invalid option.
void apply_control(lua_State* L, int opt, const char** fmt, Options& options) {
    switch (opt) {
        case ' ':
            return;
        case '<':
            options.endian = Endian::little;
            return;
        case '>':
            options.endian = Endian::big;
            return;
        case '!': {
            int n = read_count(L, fmt, kMaxAlign);
            if ((n & (n - 1)) != 0) luaL_error(L, "alignment %d is not a power of 2", n);
            options.align = static_cast<size_t>(n);
            return;
        }
        default:
            luaL_argerror(L, 1, lua_pushfstring(L, "invalid format option '%c'", opt));
    }
}

// Bytes in memory order of `endian` from bytes in little-endian order, in place.
void order_bytes(unsigned char* bytes, size_t size, Endian endian) {
    if (endian == Endian::big) std::reverse(bytes, bytes + size);
}

void add_integer(lua_State* L, luaL_Buffer* buffer, int arg, Endian endian, size_t size) {
    std::uint64_t value = x86_to_uint64(luaL_checknumber(L, arg));
    unsigned char bytes[kMaxIntSize];
    for (size_t i = 0; i < size; i++) {
        bytes[i] = static_cast<unsigned char>(value & 0xff);
        value >>= 8;  // beyond 8 bytes: zeros, also for negative numbers (as Redis)
    }
    order_bytes(bytes, size, endian);
    luaL_addlstring(buffer, reinterpret_cast<const char*>(bytes), size);
}

// (float)n, with IEEE rounding and overflow to infinity also where C++ leaves it undefined.
float to_float(double n) {
    constexpr double kOverflow = FLT_MAX + 0x1p103;  // halfway to the next power of two
    if (n >= kOverflow) return HUGE_VALF;
    if (n <= -kOverflow) return -HUGE_VALF;
    return static_cast<float>(n);
}

template <typename Float, typename Bits>
void add_float(luaL_Buffer* buffer, Float value, Endian endian) {
    Bits bits = std::bit_cast<Bits>(value);
    unsigned char bytes[sizeof(Bits)];
    for (size_t i = 0; i < sizeof(Bits); i++)
        bytes[i] = static_cast<unsigned char>(bits >> (8 * i));
    order_bytes(bytes, sizeof(Bits), endian);
    luaL_addlstring(buffer, reinterpret_cast<const char*>(bytes), sizeof(Bits));
}

int struct_pack(lua_State* L) {
    const char* fmt = luaL_checkstring(L, 1);
    Options options;
    int arg = 2;
    size_t total = 0;
    // The buffer's pieces go above this nil: a missing argument is then nil, as in Redis.
    lua_pushnil(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    while (*fmt != '\0') {
        int opt = *fmt++;
        size_t size = item_size(L, opt, &fmt);
        size_t pad = padding(total, options, opt, size);
        // Only '!0' pads this much (Redis then fills memory until the allocation fails).
        if (pad > INT_MAX) luaL_error(L, "not enough memory");
        total += pad;
        for (; pad > 0; pad--) luaL_addchar(&buffer, '\0');
        switch (opt) {
            case 'b':
            case 'B':
            case 'h':
            case 'H':
            case 'l':
            case 'L':
            case 'T':
            case 'i':
            case 'I':
                add_integer(L, &buffer, arg++, options.endian, size);
                break;
            case 'x':
                luaL_addchar(&buffer, '\0');
                break;
            case 'f':
                add_float<float, std::uint32_t>(&buffer, to_float(luaL_checknumber(L, arg++)),
                                                options.endian);
                break;
            case 'd':
                add_float<double, std::uint64_t>(&buffer, luaL_checknumber(L, arg++),
                                                 options.endian);
                break;
            case 'c':
            case 's': {
                size_t length = 0;
                const char* s = luaL_checklstring(L, arg++, &length);
                if (size == 0) size = length;
                // Redis names the argument after the string's (arg was already advanced).
                luaL_argcheck(L, length >= size, arg, "string too short");
                luaL_addlstring(&buffer, s, size);
                if (opt == 's') {
                    luaL_addchar(&buffer, '\0');
                    size++;
                }
                break;
            }
            default:
                apply_control(L, opt, &fmt, options);
        }
        total += size;
    }
    luaL_pushresult(&buffer);
    return 1;
}

lua_Number read_integer(const unsigned char* p, Endian endian, bool is_signed, size_t size) {
    std::uint64_t value = 0;
    for (size_t i = 0; i < size; i++) {  // most significant byte first
        value = (value << 8) | p[endian == Endian::big ? i : size - 1 - i];
    }
    if (!is_signed) return static_cast<lua_Number>(value);
    // Sign extension from the item's top bit; past 8 bytes the shift wraps as on x86-64.
    std::uint64_t mask = ~std::uint64_t{0} << ((size * 8 - 1) & 63);
    if ((value & mask) != 0) value |= mask;
    return static_cast<lua_Number>(static_cast<std::int64_t>(value));
}

template <typename Float, typename Bits>
Float read_float(const unsigned char* p, Endian endian) {
    unsigned char bytes[sizeof(Bits)];
    std::memcpy(bytes, p, sizeof(Bits));
    order_bytes(bytes, sizeof(Bits), endian);  // now little-endian
    Bits bits = 0;
    for (size_t i = 0; i < sizeof(Bits); i++) bits |= static_cast<Bits>(bytes[i]) << (8 * i);
    return std::bit_cast<Float>(bits);
}

int struct_unpack(lua_State* L) {
    const char* fmt = luaL_checkstring(L, 1);
    size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(luaL_checklstring(L, 2, &length));
    // As Redis: the position as size_t, so a negative one is only "data string too short".
    auto pos = static_cast<size_t>(luaL_optinteger(L, 3, 1));
    luaL_argcheck(L, pos > 0, 3, "offset must be 1 or greater");
    pos--;
    Options options;
    int results = 0;
    while (*fmt != '\0') {
        int opt = *fmt++;
        size_t size = item_size(L, opt, &fmt);
        pos += padding(pos, options, opt, size);
        luaL_argcheck(L, size <= length && pos <= length - size, 2, "data string too short");
        luaL_checkstack(L, 2, "too many results");  // the item and the next position
        switch (opt) {
            case 'b':
            case 'B':
            case 'h':
            case 'H':
            case 'l':
            case 'L':
            case 'T':
            case 'i':
            case 'I': {
                bool is_signed = std::islower(opt) != 0;
                lua_pushnumber(L, read_integer(data + pos, options.endian, is_signed, size));
                results++;
                break;
            }
            case 'x':
                break;
            case 'f':
                lua_pushnumber(L, read_float<float, std::uint32_t>(data + pos, options.endian));
                results++;
                break;
            case 'd':
                lua_pushnumber(L, read_float<double, std::uint64_t>(data + pos, options.endian));
                results++;
                break;
            case 'c':
                if (size == 0) {  // 'c0': the previous value is the length
                    if (results == 0 || !lua_isnumber(L, -1)) {
                        luaL_error(L, "format 'c0' needs a previous size");
                    }
                    size = static_cast<size_t>(x86_to_uint64(lua_tonumber(L, -1)));
                    lua_pop(L, 1);
                    results--;
                    luaL_argcheck(L, size <= length && pos <= length - size, 2,
                                  "data string too short");
                }
                lua_pushlstring(L, reinterpret_cast<const char*>(data + pos), size);
                results++;
                break;
            case 's': {
                const void* end = std::memchr(data + pos, '\0', length - pos);
                if (end == nullptr) luaL_error(L, "unfinished string in data");
                size = static_cast<size_t>(static_cast<const unsigned char*>(end) - (data + pos));
                lua_pushlstring(L, reinterpret_cast<const char*>(data + pos), size);
                size++;  // and the terminating zero
                results++;
                break;
            }
            default:
                apply_control(L, opt, &fmt, options);
        }
        pos += size;
    }
    lua_pushinteger(L, static_cast<lua_Integer>(pos + 1));
    return results + 1;
}

int struct_size(lua_State* L) {
    const char* fmt = luaL_checkstring(L, 1);
    Options options;
    size_t pos = 0;
    while (*fmt != '\0') {
        int opt = *fmt++;
        size_t size = item_size(L, opt, &fmt);
        pos += padding(pos, options, opt, size);
        if (opt == 's') {
            luaL_argerror(L, 1, "option 's' has no fixed size");
        } else if (opt == 'c' && size == 0) {
            luaL_argerror(L, 1, "option 'c0' has no fixed size");
        }
        // Letters that are no option count nothing, as in Redis.
        if (!std::isalnum(static_cast<unsigned char>(opt))) apply_control(L, opt, &fmt, options);
        pos += size;
    }
    lua_pushinteger(L, static_cast<lua_Integer>(pos));
    return 1;
}

const luaL_Reg kStructFunctions[] = {
    {"pack", struct_pack},
    {"unpack", struct_unpack},
    {"size", struct_size},
    {nullptr, nullptr},
};

}  // namespace

extern "C" int luaopen_struct(lua_State* L) {
    luaL_register(L, "struct", kStructFunctions);
    return 1;
}

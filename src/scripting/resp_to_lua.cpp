#include "scripting/resp_to_lua.hpp"

#include <cstdlib>
#include <string>

#include "scripting/lua.hpp"
#include "util/strings.hpp"

namespace cairn::scripting {

namespace {

class Reader {
public:
    Reader(lua_State* L, std::string_view s) : L_(L), s_(s) {}

    // Parses one element and pushes it (attributes are parsed and dropped).
    bool value() {
        for (;;) {
            if (pos_ >= s_.size()) return false;
            char type = s_[pos_++];
            std::string_view ln;
            if (!line(ln)) return false;
            switch (type) {
                case '+':
                    lua_newtable(L_);
                    lua_pushlstring(L_, ln.data(), ln.size());
                    lua_setfield(L_, -2, "ok");
                    return true;
                case '-':
                    lua_newtable(L_);
                    lua_pushlstring(L_, ln.data(), ln.size());
                    lua_setfield(L_, -2, "err");
                    // Counted when the command failed: not again when the script returns it.
                    lua_pushboolean(L_, 1);
                    lua_setfield(L_, -2, "ignore_error_stats_update");
                    return true;
                case ':':
                    lua_pushnumber(L_, static_cast<lua_Number>(number(ln)));
                    return true;
                case '$':
                case '=': {
                    long long n = number(ln);
                    if (n < 0) {
                        lua_pushboolean(L_, 0);
                        return true;
                    }
                    std::string_view body;
                    if (!bulk(static_cast<size_t>(n), body)) return false;
                    if (type == '$') {
                        lua_pushlstring(L_, body.data(), body.size());
                    } else {
                        // "txt:..." : format, then the string.
                        std::string_view fmt = body.substr(0, 3);
                        std::string_view str =
                            body.size() > 4 ? body.substr(4) : std::string_view{};
                        lua_newtable(L_);
                        lua_newtable(L_);
                        lua_pushlstring(L_, fmt.data(), fmt.size());
                        lua_setfield(L_, -2, "format");
                        lua_pushlstring(L_, str.data(), str.size());
                        lua_setfield(L_, -2, "string");
                        lua_setfield(L_, -2, "verbatim_string");
                    }
                    return true;
                }
                case '*':
                case '>': {
                    long long n = number(ln);
                    if (n < 0) {
                        lua_pushboolean(L_, 0);
                        return true;
                    }
                    if (!lua_checkstack(L_, 3)) return false;
                    lua_createtable(L_, static_cast<int>(n), 0);
                    for (long long i = 0; i < n; i++) {
                        lua_pushnumber(L_, static_cast<lua_Number>(i + 1));
                        if (!value()) {
                            lua_pop(L_, 2);
                            return false;
                        }
                        lua_settable(L_, -3);
                    }
                    return true;
                }
                case '%':
                case '~': {
                    long long n = number(ln);
                    if (!lua_checkstack(L_, 4)) return false;
                    lua_newtable(L_);
                    lua_newtable(L_);
                    for (long long i = 0; i < n; i++) {
                        if (!value()) {
                            lua_pop(L_, 2);
                            return false;
                        }
                        if (type == '%') {
                            if (!value()) {
                                lua_pop(L_, 3);
                                return false;
                            }
                        } else {
                            lua_pushboolean(L_, 1);
                        }
                        lua_settable(L_, -3);
                    }
                    lua_setfield(L_, -2, type == '%' ? "map" : "set");
                    return true;
                }
                case '_':
                    lua_pushnil(L_);
                    return true;
                case '#':
                    lua_pushboolean(L_, ln == "t");
                    return true;
                case ',': {
                    std::string d(ln);
                    lua_newtable(L_);
                    lua_pushnumber(L_, static_cast<lua_Number>(std::strtod(d.c_str(), nullptr)));
                    lua_setfield(L_, -2, "double");
                    return true;
                }
                case '(':
                    lua_newtable(L_);
                    lua_pushlstring(L_, ln.data(), ln.size());
                    lua_setfield(L_, -2, "big_number");
                    return true;
                case '|': {
                    long long n = number(ln);
                    for (long long i = 0; i < 2 * n; i++) {
                        if (!value()) return false;
                        lua_pop(L_, 1);
                    }
                    continue;  // the attribute precedes the value it describes
                }
                default:
                    return false;
            }
        }
    }

    size_t pos() const { return pos_; }

private:
    bool line(std::string_view& out) {
        size_t end = s_.find("\r\n", pos_);
        if (end == std::string_view::npos) return false;
        out = s_.substr(pos_, end - pos_);
        pos_ = end + 2;
        return true;
    }
    bool bulk(size_t n, std::string_view& out) {
        if (s_.size() - pos_ < n + 2) return false;
        out = s_.substr(pos_, n);
        pos_ += n + 2;
        return true;
    }
    // A reply's integer or length line; strtoll's reading for anything not canonical.
    static long long number(std::string_view ln) {
        long long v = 0;
        if (util::string_to_ll(ln, v)) return v;
        return std::strtoll(std::string(ln).c_str(), nullptr, 10);
    }

    lua_State* L_;
    std::string_view s_;
    size_t pos_ = 0;
};

}  // namespace

size_t push_reply(lua_State* L, std::string_view reply) {
    int top = lua_gettop(L);
    Reader r(L, reply);
    if (!r.value()) {
        lua_settop(L, top);
        return 0;
    }
    return r.pos();
}

}  // namespace cairn::scripting

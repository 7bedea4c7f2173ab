#include "scripting/lua_to_resp.hpp"

#include <string>

#include "resp/reply.hpp"
#include "scripting/lua.hpp"

namespace cairn::scripting {

namespace {

// t[name] (raw) pushed; returns its type.
int field(lua_State* L, const char* name) {
    lua_pushstring(L, name);
    lua_rawget(L, -2);
    return lua_type(L, -1);
}

std::string one_line(lua_State* L, int idx) {
    size_t len = 0;
    const char* s = lua_tolstring(L, idx, &len);
    std::string r(s, len);
    for (char& c : r) {
        if (c == '\r' || c == '\n') c = ' ';
    }
    return r;
}

void write_table(lua_State* L, resp::Reply& out, int script_resp) {
    if (field(L, "err") == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        out.error(std::string_view(s, len));
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (field(L, "ok") == LUA_TSTRING) {
        out.simple(one_line(L, -1));
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (field(L, "double") == LUA_TNUMBER) {
        out.dbl(lua_tonumber(L, -1));
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (field(L, "big_number") == LUA_TSTRING) {
        out.big_number(one_line(L, -1));
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (field(L, "verbatim_string") == LUA_TTABLE) {
        if (field(L, "format") == LUA_TSTRING) {
            lua_pushstring(L, "string");
            lua_rawget(L, -3);  // table, vt, format, string
            if (lua_type(L, -1) == LUA_TSTRING) {
                size_t len = 0;
                const char* s = lua_tolstring(L, -1, &len);
                size_t flen = 0;
                const char* f = lua_tolstring(L, -2, &flen);
                out.verbatim(std::string_view(s, len), std::string_view(f, flen));
                lua_pop(L, 3);
                return;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (field(L, "map") == LUA_TTABLE) {
        size_t pairs = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            pairs++;
        }
        out.map(pairs);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2);              // table, map, key, value, key
            write_reply(L, out, script_resp);  // the key
            write_reply(L, out, script_resp);  // the value
        }
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (field(L, "set") == LUA_TTABLE) {
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            n++;
        }
        out.set(n);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            write_reply(L, out, script_resp);
        }
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    size_t n = 0;
    for (;;) {
        lua_rawgeti(L, -1, static_cast<int>(n + 1));
        bool nil = lua_isnil(L, -1);
        lua_pop(L, 1);
        if (nil) break;
        n++;
    }
    out.array(n);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, static_cast<int>(i));
        write_reply(L, out, script_resp);
    }
}

}  // namespace

void write_reply(lua_State* L, resp::Reply& out, int script_resp) {
    if (!lua_checkstack(L, 4)) {
        out.error("ERR reached lua stack limit");
        lua_pop(L, 1);
        return;
    }
    switch (lua_type(L, -1)) {
        case LUA_TSTRING: {
            size_t len = 0;
            const char* s = lua_tolstring(L, -1, &len);
            out.bulk(std::string_view(s, len));
            break;
        }
        case LUA_TBOOLEAN:
            if (script_resp == 2) {
                if (lua_toboolean(L, -1))
                    out.integer(1);
                else
                    out.null();
            } else {
                out.boolean(lua_toboolean(L, -1) != 0);
            }
            break;
        case LUA_TNUMBER:
            out.integer(static_cast<long long>(lua_tonumber(L, -1)));
            break;
        case LUA_TTABLE:
            write_table(L, out, script_resp);
            break;
        default:
            out.null();
    }
    lua_pop(L, 1);
}

const char* error_field(lua_State* L, int idx) {
    if (!lua_istable(L, idx)) return "";
    lua_getfield(L, idx, "err");
    const char* s = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
    lua_pop(L, 1);
    return s;  // still referenced by the table
}

}  // namespace cairn::scripting

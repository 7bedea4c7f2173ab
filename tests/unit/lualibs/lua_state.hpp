#pragma once
// A Lua 5.1 state with the libraries a Redis script sees (base, table, string, math; struct,
// cmsgpack, cjson, bit as globals), for the unit tests of src/lualibs and the `lua` target.

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lualibs/lua_libs.hpp"

#include <string>
#include <string_view>

namespace cairn::test {

class LuaState {
public:
    LuaState() : L_(luaL_newstate()) {
        luaL_openlibs(L_);
        open(luaopen_struct, nullptr);
        open(luaopen_cmsgpack, nullptr);
        open(luaopen_cjson, "cjson");  // lua-cjson sets no global itself
        open(luaopen_bit, nullptr);
    }
    ~LuaState() { lua_close(L_); }
    LuaState(const LuaState&) = delete;
    LuaState& operator=(const LuaState&) = delete;

    // Runs `chunk` (named as Redis names scripts) and gives its first result as a string, or
    // "error: <message>".
    std::string run(std::string_view chunk) {
        int rc = luaL_loadbuffer(L_, chunk.data(), chunk.size(), "@user_script");
        if (rc == 0) rc = lua_pcall(L_, 0, 1, 0);
        size_t n = 0;
        const char* s = lua_tolstring(L_, -1, &n);
        std::string result = s != nullptr ? std::string(s, n) : std::string("(not a string)");
        lua_pop(L_, 1);
        return rc == 0 ? result : "error: " + result;
    }

private:
    void open(lua_CFunction opener, const char* global) {
        lua_pushcfunction(L_, opener);
        lua_call(L_, 0, 1);
        if (global != nullptr) {
            lua_setglobal(L_, global);
        } else {
            lua_pop(L_, 1);
        }
    }

    lua_State* L_;
};

}  // namespace cairn::test

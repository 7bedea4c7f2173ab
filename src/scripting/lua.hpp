// The Lua 5.1 C API as the scripting layer uses it, plus the modules opened into every state
// (their luaopen_* entry points only: the Windows build compiles them from source).
#pragma once

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

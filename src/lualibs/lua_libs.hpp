#pragma once
// The Lua libraries a Redis 7.0 script sees besides Lua's own: struct and cmsgpack (ours, this
// directory) and cjson and bit (lua-cjson and LuaBitOp, from the `lua` target, see
// cmake/Dependencies.cmake). Each opener follows Lua 5.1's convention: call it with
// lua_pushcfunction + lua_call (or lua_cpcall); it leaves the library table on the stack.
// luaopen_struct, luaopen_cmsgpack and luaopen_bit also set the global of that name, as
// Redis's copies do; lua-cjson's luaopen_cjson does not (Redis's builds it with
// ENABLE_CJSON_GLOBAL), so the caller sets the global `cjson` itself.

struct lua_State;

extern "C" {
int luaopen_struct(lua_State* L);
int luaopen_cmsgpack(lua_State* L);
int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

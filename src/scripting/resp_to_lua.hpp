// A command's reply (RESP2 or RESP3 bytes, as the script's pseudo-client received it) pushed
// onto a Lua stack with Redis 7.0's conversion rules (script_lua.c redisProtocolToLuaType):
//   integer -> number, bulk/simple-bulk -> string, status -> {ok=s}, error -> {err=s},
//   array -> table, null bulk / null array -> false;
//   RESP3: null -> nil, boolean -> boolean, double -> {double=n}, big number -> {big_number=s},
//   map -> {map={k=v}}, set -> {set={m=true}}, verbatim -> {verbatim_string={format=,string=}},
//   attributes skipped.
#pragma once

#include <cstddef>
#include <string_view>

struct lua_State;

namespace cairn::scripting {

// Pushes exactly one value for the first reply in `reply`; returns the bytes it used
// (0 when the reply is malformed or incomplete: nothing is pushed then).
size_t push_reply(lua_State* L, std::string_view reply);

}  // namespace cairn::scripting

// The value a script returned (top of the Lua stack) written as the caller's reply, with Redis
// 7.0's rules (script_lua.c luaReplyToRedisReply): string -> bulk, number -> integer
// (truncated), boolean -> :1 / null (script in RESP2) or RESP3 boolean, table -> {err=} error,
// {ok=} status, {double=}, {big_number=}, {verbatim_string=}, {map=}, {set=}, else an array
// up to the first nil; anything else -> null. The value is popped.
#pragma once

struct lua_State;

namespace cairn::resp {
class Reply;
}

namespace cairn::scripting {

// script_resp: the protocol the script chose with redis.setresp (2 or 3).
void write_reply(lua_State* L, resp::Reply& out, int script_resp);

// The error text of an error table {err=...} at index idx ("" when it has none).
const char* error_field(lua_State* L, int idx);

}  // namespace cairn::scripting

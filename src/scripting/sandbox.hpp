// A Lua state as Redis 7.0 gives it to scripts: the libraries Redis opens (base, table, string,
// math, cjson, bit, and struct / cmsgpack at merge), no os / io / package / debug / print /
// dofile / loadfile, math.random replaced by Redis's PRNG (redisLrand48), the `redis` table with
// its pure helpers plus the host's functions, the error handler that gives errors their
// source and line, and read-only globals and library tables.
//
// Debian's Lua has no readonly-table patch: scripts run with an environment table that is an
// empty proxy whose __index reads the current API table (nonexistent names raise Redis's
// error) and whose __newindex raises "Attempt to modify a readonly table"; the library tables
// are proxies of the same kind.
#pragma once

#include <string>
#include <string_view>

#include "scripting/lua.hpp"
#include "scripting/lua_rand.hpp"

namespace cairn::scripting {

struct SandboxOptions {
    // Host functions put into the runtime `redis` table (call, pcall, log, setresp, ...).
    const luaL_Reg* redis_functions = nullptr;
    // Host functions of the library-loading `redis` table (functions: register_function, log).
    const luaL_Reg* load_functions = nullptr;
    void* host = nullptr;                       // host_of() returns it
    std::string_view redis_version = "7.0.15";  // redis.REDIS_VERSION
};

lua_State* open_sandbox(const SandboxOptions& opts);
void close_sandbox(lua_State* L);

void* host_of(lua_State* L);
// The PRNG behind math.random (process-wide, as Redis's).
Lrand48& rand_of(lua_State* L);

// The API the environment resolves names in: the runtime one (scripts, functions' calls) or
// the one of a FUNCTION LOAD run (only `redis` with register_function, log and the versions).
void use_load_api(lua_State* L, bool load);
// Sets a global of the runtime API (KEYS, ARGV), bypassing the read-only protection.
void set_api_global(lua_State* L, const char* name);  // pops the value

// Compiles code as chunk `chunkname` ("@user_script"); pushes the function with the sandbox
// environment, or returns false with Lua's message in err (nothing pushed).
bool compile(lua_State* L, std::string_view code, const char* chunkname, std::string& err);

// Calls the function at -(nargs+1) with the error handler; returns true with one result on
// the stack, or false with the error table {err=, source=, line=} (or a raw message) instead.
bool protected_call(lua_State* L, int nargs);

// Redis's luaPushError / luaPushErrorBuff: pushes {err="CODE msg"} from "-CODE msg" or "msg".
void push_error(lua_State* L, std::string_view error);
// Raises the error table on the stack top (Redis's luaError).
int raise_error(lua_State* L);

// Redis 7.0's version number (major << 16 | minor << 8 | patch).
long redis_version_num(std::string_view version);

// Memory of the state (lua_gc LUA_GCCOUNT / LUA_GCCOUNTB), bytes.
size_t memory_bytes(lua_State* L);

}  // namespace cairn::scripting

#include "scripting/sandbox.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "util/sha1.hpp"

namespace cairn::scripting {

namespace {

// Registry keys.
constexpr const char* kHost = "cairn_host";
constexpr const char* kApi = "cairn_api";  // the API names resolve in now
constexpr const char* kRuntimeApi = "cairn_runtime_api";
constexpr const char* kLoadApi = "cairn_load_api";
constexpr const char* kErrHandler = "cairn_err_handler";
constexpr const char* kReadonlyMark = "cairn_readonly";
// In a read-only view's metatable: the table it shows (none for the environment, which shows
// the current API).
constexpr const char* kTarget = "cairn_target";

constexpr int32_t kLrand48Max = INT32_MAX;

int readonly_error(lua_State* L) {
    return luaL_error(L, "Attempt to modify a readonly table");
}

// The same error raised by rawset, setmetatable and table.insert: as Redis's, with no position.
int refuse_readonly_write(lua_State* L) {
    lua_pushstring(L, "Attempt to modify a readonly table");
    return lua_error(L);
}

// __index of the environment: the current API, or Redis's error for a name it lacks.
int env_index(lua_State* L) {
    lua_getfield(L, LUA_REGISTRYINDEX, kApi);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    if (!lua_isnil(L, -1)) return 1;
    if (!lua_isstring(L, 2)) {
        return luaL_error(L,
                          "Second argument to luaProtectedTableError must be a string or number");
    }
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                      lua_tostring(L, 2));
}

bool is_readonly(lua_State* L, int idx) {
    if (!lua_istable(L, idx) || !lua_getmetatable(L, idx)) return false;
    lua_getfield(L, -1, kReadonlyMark);
    bool ro = lua_toboolean(L, -1) != 0;
    lua_pop(L, 2);
    return ro;
}

// __index of a strict read-only view (the `redis` table of a library load): a missing name
// raises, as Redis's luaSetErrorMetatable.
int strict_index(lua_State* L) {
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    if (!lua_isnil(L, -1)) return 1;
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                      lua_isstring(L, 2) ? lua_tostring(L, 2) : "?");
}

// A read-only view of the table at idx, pushed.
void push_readonly(lua_State* L, int idx, bool strict = false) {
    idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
    lua_newtable(L);
    lua_newtable(L);
    lua_pushvalue(L, idx);
    lua_setfield(L, -2, kTarget);
    lua_pushvalue(L, idx);
    if (strict) lua_pushcclosure(L, strict_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_error);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, kReadonlyMark);
    lua_setmetatable(L, -2);
}

// Pushes the table the read-only view at idx shows and returns true; false (nothing pushed)
// for any other value.
bool push_target(lua_State* L, int idx) {
    if (!is_readonly(L, idx)) return false;
    lua_getmetatable(L, idx);
    lua_getfield(L, -1, kTarget);
    lua_remove(L, -2);
    if (lua_isnil(L, -1)) {  // the environment
        lua_pop(L, 1);
        lua_getfield(L, LUA_REGISTRYINDEX, kApi);
    }
    return true;
}

// The base and table functions that read a table's hash part, as scripts see them. Redis's
// read-only tables are the tables themselves: a view given to next, pairs, rawget or
// table.foreach stands for its table. (ipairs, unpack, table.concat and the like read the
// array part, which a library table does not have: a view answers them the same.) Each
// checks its arguments as Lua 5.1's own does, so errors read the same.

// The table at idx, or the one it is a view of, replaces the argument there.
void see_through(lua_State* L, int idx) {
    if (push_target(L, idx)) lua_replace(L, idx);
}

int view_next(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    see_through(L, 1);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

// Returns view_next (upvalue 1), the table or view as given, nil: the table the view shows
// never reaches the script.
int view_pairs(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

int view_rawget(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    see_through(L, 1);
    lua_rawget(L, 1);
    return 1;
}

int view_foreach(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    see_through(L, 1);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pushvalue(L, 2);
        lua_pushvalue(L, -3);
        lua_pushvalue(L, -3);
        lua_call(L, 2, 1);
        if (!lua_isnil(L, -1)) return 1;
        lua_pop(L, 2);
    }
    return 0;
}

// table.insert always writes: a view is refused as Redis refuses its read-only tables. The
// arguments are checked here as Lua's tinsert checks them, then upvalue 1 (the original) runs.
int view_insert(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_gettop(L) != 2 && lua_gettop(L) != 3) {
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    if (lua_gettop(L) == 3) luaL_checkint(L, 2);
    if (is_readonly(L, 1)) {
        return refuse_readonly_write(L);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 0);
    return 0;
}

// A copy of the table library with foreach and insert as above.
void push_table_library(lua_State* L) {
    lua_getglobal(L, "table");
    int lib = lua_gettop(L);
    lua_newtable(L);
    int copy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, lib)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, copy);
    }
    lua_pushcfunction(L, view_foreach);
    lua_setfield(L, copy, "foreach");
    lua_getfield(L, lib, "insert");
    lua_pushcclosure(L, view_insert, 1);
    lua_setfield(L, copy, "insert");
    lua_remove(L, lib);
}

// rawset / setmetatable / getmetatable as the scripts see them: the read-only views behave
// like Redis's readonly tables.
int safe_rawset(lua_State* L) {
    if (is_readonly(L, 1)) {
        return refuse_readonly_write(L);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

int safe_setmetatable(lua_State* L) {
    if (is_readonly(L, 1)) {
        return refuse_readonly_write(L);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, "cairn_setmetatable");
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

int safe_getmetatable(lua_State* L) {
    if (is_readonly(L, 1)) {
        lua_pushnil(L);
        return 1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, "cairn_getmetatable");
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

// Redis 7.0's pcall (luaRedisPcall): an error table raised by redis.call is caught as its
// message, so scripts see the string as with a plain Lua error.
int redis_pcall(lua_State* L) {
    int argc = lua_gettop(L);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    if (lua_pcall(L, argc - 1, LUA_MULTRET, 0)) {
        lua_remove(L, 1);
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "err");
            if (lua_isstring(L, -1)) {
                lua_replace(L, -2);
            } else {
                lua_pop(L, 1);
            }
        }
        lua_pushboolean(L, 0);
        lua_insert(L, 1);
    }
    return lua_gettop(L);
}

int math_random(lua_State* L) {
    Lrand48& r = rand_of(L);
    lua_Number v =
        static_cast<lua_Number>(r.next() % kLrand48Max) / static_cast<lua_Number>(kLrand48Max);
    switch (lua_gettop(L)) {
        case 0:
            lua_pushnumber(L, v);
            break;
        case 1: {
            int u = luaL_checkint(L, 1);
            luaL_argcheck(L, 1 <= u, 1, "interval is empty");
            lua_pushnumber(L, std::floor(v * u) + 1);
            break;
        }
        case 2: {
            int l = luaL_checkint(L, 1);
            int u = luaL_checkint(L, 2);
            luaL_argcheck(L, l <= u, 2, "interval is empty");
            lua_pushnumber(L, std::floor(v * (u - l + 1)) + l);
            break;
        }
        default:
            return luaL_error(L, "wrong number of arguments");
    }
    return 1;
}

int math_randomseed(lua_State* L) {
    rand_of(L).seed(luaL_checkint(L, 1));
    return 0;
}

int sha1hex(lua_State* L) {
    if (lua_gettop(L) != 1) {
        push_error(L, "wrong number of arguments");
        return raise_error(L);
    }
    size_t len = 0;
    const char* s = lua_tolstring(L, 1, &len);
    std::string hex = util::to_hex(util::sha1(std::string_view(s ? s : "", s ? len : 0)));
    lua_pushstring(L, hex.c_str());
    return 1;
}

int error_reply(lua_State* L) {
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        push_error(L, "wrong number or type of arguments");
        return 1;
    }
    std::string e = lua_tostring(L, -1);
    if (e.empty() || e[0] != '-') e = "-" + e;
    push_error(L, e);
    return 1;
}

int status_reply(lua_State* L) {
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        push_error(L, "wrong number or type of arguments");
        return 1;
    }
    lua_newtable(L);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "ok");
    return 1;
}

int replicate_commands(lua_State* L) {
    lua_pushboolean(L, 1);
    return 1;
}

int breakpoint(lua_State* L) {  // no debugging session: false, as Redis outside LDB
    lua_pushboolean(L, 0);
    return 1;
}

int debug_noop(lua_State*) {
    return 0;
}

void open_lib(lua_State* L, const char* name, lua_CFunction fn) {
    lua_pushcfunction(L, fn);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    if (name[0] != '\0' && lua_istable(L, -1)) {
        lua_setglobal(L, name);
    } else {
        lua_pop(L, 1);
    }
}

void set_int(lua_State* L, const char* name, lua_Number v) {
    lua_pushnumber(L, v);
    lua_setfield(L, -2, name);
}

void put_version(lua_State* L, std::string_view version) {
    lua_pushlstring(L, version.data(), version.size());
    lua_setfield(L, -2, "REDIS_VERSION");
    set_int(L, "REDIS_VERSION_NUM", static_cast<lua_Number>(redis_version_num(version)));
}

void put_log_levels(lua_State* L) {
    set_int(L, "LOG_DEBUG", 0);
    set_int(L, "LOG_VERBOSE", 1);
    set_int(L, "LOG_NOTICE", 2);
    set_int(L, "LOG_WARNING", 3);
}

void put_functions(lua_State* L, const luaL_Reg* fns) {
    for (; fns && fns->name; fns++) {
        lua_pushcfunction(L, fns->func);
        lua_setfield(L, -2, fns->name);
    }
}

constexpr const char* kErrHandlerCode =
    "local dbg = debug\n"
    "return function(err)\n"
    "  local i = dbg.getinfo(2,'nSl')\n"
    "  if i and i.what == 'C' then\n"
    "    i = dbg.getinfo(3,'nSl')\n"
    "  end\n"
    "  if type(err) ~= 'table' then\n"
    "    err = {err='ERR ' .. tostring(err)}\n"
    "  end\n"
    "  if i then\n"
    "    err['source'] = i.source\n"
    "    err['line'] = i.currentline\n"
    "  end\n"
    "  return err\n"
    "end\n";

// The globals scripts may see (Redis 7.0's allow lists); library tables become read-only.
constexpr const char* kPlainGlobals[] = {
    "assert",   "collectgarbage", "error",  "gcinfo",   "ipairs",  "load",   "loadstring",
    "next",     "pairs",          "pcall",  "rawequal", "rawget",  "select", "tonumber",
    "tostring", "type",           "unpack", "xpcall",   "_VERSION"};
constexpr const char* kLibraries[] = {"string", "math", "table",  "coroutine",
                                      "cjson",  "bit",  "struct", "cmsgpack"};

}  // namespace

long redis_version_num(std::string_view version) {
    long parts[3] = {0, 0, 0};
    size_t i = 0;
    for (char c : version) {
        if (c == '.') {
            if (++i == 3) break;
        } else if (c >= '0' && c <= '9') {
            parts[i] = parts[i] * 10 + (c - '0');
        }
    }
    return parts[0] << 16 | parts[1] << 8 | parts[2];
}

lua_State* open_sandbox(const SandboxOptions& opts) {
    lua_State* L = luaL_newstate();
    open_lib(L, "", luaopen_base);
    open_lib(L, LUA_TABLIBNAME, luaopen_table);
    open_lib(L, LUA_STRLIBNAME, luaopen_string);
    open_lib(L, LUA_MATHLIBNAME, luaopen_math);
    open_lib(L, LUA_DBLIBNAME, luaopen_debug);
    open_lib(L, "cjson", luaopen_cjson);
    open_lib(L, "bit", luaopen_bit);
    open_lib(L, "struct", luaopen_struct);
    open_lib(L, "cmsgpack", luaopen_cmsgpack);

    lua_pushlightuserdata(L, opts.host);
    lua_setfield(L, LUA_REGISTRYINDEX, kHost);

    // Redis's PRNG in place of the C library's.
    lua_getglobal(L, "math");
    lua_pushcfunction(L, math_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, math_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);

    // The error handler, compiled while `debug` is still reachable.
    luaL_loadbuffer(L, kErrHandlerCode, std::char_traits<char>::length(kErrHandlerCode),
                    "@err_handler");
    lua_call(L, 0, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, kErrHandler);
    int handler = lua_gettop(L);

    lua_getglobal(L, "setmetatable");
    lua_setfield(L, LUA_REGISTRYINDEX, "cairn_setmetatable");
    lua_getglobal(L, "getmetatable");
    lua_setfield(L, LUA_REGISTRYINDEX, "cairn_getmetatable");

    // The environment every chunk runs in.
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, env_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_error);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, kReadonlyMark);
    lua_setmetatable(L, -2);
    int env = lua_gettop(L);

    // The runtime API.
    lua_newtable(L);
    int api = lua_gettop(L);
    for (const char* name : kPlainGlobals) {
        lua_getglobal(L, name);
        lua_setfield(L, api, name);
    }
    lua_pushcfunction(L, view_next);
    lua_pushvalue(L, -1);
    lua_setfield(L, api, "next");
    lua_pushcclosure(L, view_pairs, 1);
    lua_setfield(L, api, "pairs");
    lua_pushcfunction(L, view_rawget);
    lua_setfield(L, api, "rawget");
    for (const char* name : kLibraries) {
        if (std::string_view(name) == "table") {
            push_table_library(L);
        } else {
            lua_getglobal(L, name);
        }
        if (lua_istable(L, -1)) {
            push_readonly(L, -1);
            lua_setfield(L, api, name);
        }
        lua_pop(L, 1);
    }
    lua_pushcfunction(L, safe_rawset);
    lua_setfield(L, api, "rawset");
    lua_pushcfunction(L, redis_pcall);
    lua_setfield(L, api, "pcall");
    lua_pushcfunction(L, safe_setmetatable);
    lua_setfield(L, api, "setmetatable");
    lua_pushcfunction(L, safe_getmetatable);
    lua_setfield(L, api, "getmetatable");
    lua_pushvalue(L, handler);
    lua_setfield(L, api, "__redis__err__handler");
    lua_pushvalue(L, env);
    lua_setfield(L, api, "_G");

    lua_newtable(L);  // redis
    put_functions(L, opts.redis_functions);
    lua_pushcfunction(L, sha1hex);
    lua_setfield(L, -2, "sha1hex");
    lua_pushcfunction(L, error_reply);
    lua_setfield(L, -2, "error_reply");
    lua_pushcfunction(L, status_reply);
    lua_setfield(L, -2, "status_reply");
    lua_pushcfunction(L, replicate_commands);
    lua_setfield(L, -2, "replicate_commands");
    lua_pushcfunction(L, breakpoint);
    lua_setfield(L, -2, "breakpoint");
    lua_pushcfunction(L, debug_noop);
    lua_setfield(L, -2, "debug");
    put_log_levels(L);
    set_int(L, "REPL_NONE", 0);
    set_int(L, "REPL_AOF", 1);
    set_int(L, "REPL_SLAVE", 2);
    set_int(L, "REPL_REPLICA", 2);
    set_int(L, "REPL_ALL", 3);
    put_version(L, opts.redis_version);
    push_readonly(L, -1);
    lua_setfield(L, api, "redis");
    lua_pop(L, 1);
    lua_pushvalue(L, api);
    lua_setfield(L, LUA_REGISTRYINDEX, kRuntimeApi);
    lua_setfield(L, LUA_REGISTRYINDEX, kApi);

    // The API of a library load (functions).
    lua_newtable(L);
    lua_newtable(L);
    put_functions(L, opts.load_functions);
    put_log_levels(L);
    put_version(L, opts.redis_version);
    push_readonly(L, -1, true);
    lua_setfield(L, -3, "redis");
    lua_pop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, kLoadApi);

    // From now on every global access goes through the environment.
    lua_pushvalue(L, env);
    lua_replace(L, LUA_GLOBALSINDEX);
    lua_settop(L, 0);
    return L;
}

void close_sandbox(lua_State* L) {
    if (L) lua_close(L);
}

void* host_of(lua_State* L) {
    lua_getfield(L, LUA_REGISTRYINDEX, kHost);
    void* p = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return p;
}

Lrand48& rand_of(lua_State*) {
    // One generator for the process, shared by EVAL and functions and never reseeded between
    // runs: Redis's rand.c state is a C static, and 7.0 does not reseed it per script.
    static Lrand48 generator;
    return generator;
}

void use_load_api(lua_State* L, bool load) {
    lua_getfield(L, LUA_REGISTRYINDEX, load ? kLoadApi : kRuntimeApi);
    lua_setfield(L, LUA_REGISTRYINDEX, kApi);
}

void set_api_global(lua_State* L, const char* name) {
    lua_getfield(L, LUA_REGISTRYINDEX, kRuntimeApi);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

bool compile(lua_State* L, std::string_view code, const char* chunkname, std::string& err) {
    if (luaL_loadbuffer(L, code.data(), code.size(), chunkname) != 0) {
        size_t len = 0;
        const char* msg = lua_tolstring(L, -1, &len);
        err.assign(msg ? msg : "", msg ? len : 0);
        lua_pop(L, 1);
        return false;
    }
    return true;
}

bool protected_call(lua_State* L, int nargs) {
    int base = lua_gettop(L) - nargs;
    lua_getfield(L, LUA_REGISTRYINDEX, kErrHandler);
    lua_insert(L, base);
    int rc = lua_pcall(L, nargs, 1, base);
    lua_remove(L, base);
    return rc == 0;
}

void push_error(lua_State* L, std::string_view error) {
    std::string code = "ERR";
    std::string msg;
    if (!error.empty() && error[0] == '-') {
        size_t sp = error.find(' ');
        if (sp == std::string_view::npos) {
            msg = std::string(error.substr(1));
        } else {
            code = std::string(error.substr(1, sp - 1));
            msg = std::string(error.substr(sp + 1));
        }
    } else {
        msg = std::string(error);
    }
    while (!msg.empty() && (msg.back() == '\r' || msg.back() == '\n')) msg.pop_back();
    size_t start = 0;
    while (start < msg.size() && (msg[start] == '\r' || msg[start] == '\n')) start++;
    std::string final_msg = code + " " + msg.substr(start);
    lua_newtable(L);
    lua_pushlstring(L, final_msg.data(), final_msg.size());
    lua_setfield(L, -2, "err");
}

int raise_error(lua_State* L) {
    return lua_error(L);
}

size_t memory_bytes(lua_State* L) {
    if (!L) return 0;
    return static_cast<size_t>(lua_gc(L, LUA_GCCOUNT, 0)) * 1024 +
           static_cast<size_t>(lua_gc(L, LUA_GCCOUNTB, 0));
}

}  // namespace cairn::scripting

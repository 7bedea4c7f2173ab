// The functions half of the scripting engine (Redis 7.0's functions.c / function_lua.c):
// FUNCTION LOAD's run of a library in the functions Lua state, redis.register_function, the
// library registry, and FUNCTION DUMP / RESTORE payloads (RDB_OPCODE_FUNCTION2 records, the RDB
// version and a CRC-64, as DUMP's).
#include <cstring>

#include "persist/crc64.hpp"
#include "persist/dump_payload.hpp"
#include "persist/rdb_format.hpp"
#include "persist/rdb_primitives.hpp"
#include "scripting/lua.hpp"
#include "scripting/sandbox.hpp"
#include "scripting/script_header.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace sc = scripting;

namespace {

constexpr int64_t kLoadTimeoutMs = 500;  // FUNCTION LOAD's run (LOAD_TIMEOUT_MS)

// luaExtractErrorInformation's message of an error value (table or string).
std::string load_error_message(lua_State* L) {
    if (lua_isstring(L, -1)) return std::string("ERR ") + lua_tostring(L, -1);
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "err");
        std::string m = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
        lua_pop(L, 1);
        return m;
    }
    return "";
}

bool read_flags(lua_State* L, uint32_t& flags) {
    // The flags table is on the top.
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (!lua_isstring(L, -1)) {
            lua_pop(L, 2);
            return false;
        }
        uint32_t bit = sc::script_flag(lua_tostring(L, -1));
        if (!bit) {
            lua_pop(L, 2);
            return false;
        }
        flags |= bit;
        lua_pop(L, 1);
    }
    return true;
}

}  // namespace

void ScriptEngine::load_hook(lua_State* L, lua_Debug*) {
    auto* self = static_cast<ScriptEngine*>(sc::host_of(L));
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - self->load_start_)
                       .count();
    if (elapsed > kLoadTimeoutMs) {
        lua_sethook(L, load_hook, LUA_MASKLINE, 0);
        sc::push_error(L, "FUNCTION LOAD timeout");
        lua_error(L);
    }
}

// lua_error longjmps: the registration runs in its own frame, so that no C++ object is alive
// when the error is raised.
int ScriptEngine::lua_register_function(lua_State* L) {
    auto* self = static_cast<ScriptEngine*>(sc::host_of(L));
    const char* err = self->loading_
                          ? register_function(L, *self->loading_)
                          : "redis.register_function can only be called on FUNCTION LOAD command";
    if (!err) return 0;
    lua_settop(L, 0);
    sc::push_error(L, err);
    return lua_error(L);
}

// The error text, or null once the function is registered in lib.
const char* ScriptEngine::register_function(lua_State* L, Library& lib_ref) {
    auto fail = [](const char* err) { return err; };
    Library* lib = &lib_ref;
    int argc = lua_gettop(L);
    if (argc < 1 || argc > 2) return fail("wrong number of arguments to redis.register_function");
    Function f;
    bool named = false;
    bool has_callback = false;
    if (argc == 2) {
        if (!lua_isstring(L, 1)) {
            return fail("first argument to redis.register_function must be a string");
        }
        if (!lua_isfunction(L, 2)) {
            return fail("second argument to redis.register_function must be a function");
        }
        f.name = lua_tostring(L, 1);
        named = true;
        lua_pushvalue(L, 2);
        f.ref = luaL_ref(L, LUA_REGISTRYINDEX);
        has_callback = true;
    } else {
        if (!lua_istable(L, 1)) {
            return fail(
                "calling redis.register_function with a single argument is only applicable to "
                "Lua table (representing named arguments).");
        }
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            if (!lua_isstring(L, -2)) {
                if (has_callback) luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
                return fail("named argument key given to redis.register_function is not a string");
            }
            std::string key = lua_tostring(L, -2);
            const char* err = nullptr;
            if (util::iequals(key, "function_name")) {
                if (!lua_isstring(L, -1)) {
                    err =
                        "function_name argument given to redis.register_function must be a "
                        "string";
                } else {
                    f.name = lua_tostring(L, -1);
                    named = true;
                }
            } else if (util::iequals(key, "description")) {
                if (!lua_isstring(L, -1)) {
                    err =
                        "description argument given to redis.register_function must be a "
                        "string";
                } else {
                    f.description = lua_tostring(L, -1);
                    f.has_description = true;
                }
            } else if (util::iequals(key, "callback")) {
                if (!lua_isfunction(L, -1)) {
                    err = "callback argument given to redis.register_function must be a function";
                } else {
                    if (has_callback) luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
                    f.ref = luaL_ref(L, LUA_REGISTRYINDEX);  // pops the value
                    has_callback = true;
                    continue;
                }
            } else if (util::iequals(key, "flags")) {
                if (!lua_istable(L, -1)) {
                    err =
                        "flags argument to redis.register_function must be a table "
                        "representing function flags";
                } else if (!read_flags(L, f.flags)) {
                    err = "unknown flag given";
                }
            } else {
                err = "unknown argument given to redis.register_function";
            }
            if (err) {
                if (has_callback) luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
                return fail(err);
            }
            lua_pop(L, 1);
        }
        if (!named) {
            if (has_callback) luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
            return fail("redis.register_function must get a function name argument");
        }
        if (!has_callback) return fail("redis.register_function must get a callback argument");
    }
    if (!sc::valid_name(f.name)) {
        luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
        return fail(
            // Sic: Redis 7.0 words the function name error as the library name one.
            "Library names can only contain letters, numbers, or underscores(_) and must be at "
            "least one character long");
    }
    // Function names are case-insensitive (Redis's functions dicts fold case).
    std::string key = util::to_lower(f.name);
    if (lib->functions.count(key)) {
        luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
        return fail("Function already exists in the library");
    }
    lib->functions.emplace(std::move(key), std::move(f));
    return nullptr;
}

std::string ScriptEngine::load_library(std::string_view code, bool replace, std::string& err) {
    sc::LibraryMeta md;
    if (!sc::parse_library_meta(code, md, err)) return "";
    if (!util::iequals(md.engine, "lua")) {
        err = "Engine '" + md.engine + "' not found";
        return "";
    }
    if (!sc::valid_name(md.name)) {
        err =
            "Library names can only contain letters, numbers, or underscores(_) and must be at "
            "least one character long";
        return "";
    }
    auto existing = libraries_.find(md.name);
    if (existing != libraries_.end() && !replace) {
        err = "Library '" + md.name + "' already exists";
        return "";
    }
    Library lib;
    lib.name = md.name;
    lib.engine = "LUA";
    lib.code = std::string(code);
    lua_State* L = func_lua_;
    std::string e;
    if (!sc::compile(L, md.code, "@user_function", e)) {
        err = "Error compiling function: " + e;
        return "";
    }
    loading_ = &lib;
    load_start_ = std::chrono::steady_clock::now();
    sc::use_load_api(L, true);
    lua_sethook(L, load_hook, LUA_MASKCOUNT, 100000);
    int rc = lua_pcall(L, 0, 0, 0);
    lua_sethook(L, nullptr, 0, 0);
    sc::use_load_api(L, false);
    loading_ = nullptr;
    auto drop = [&] {
        for (auto& [n, f] : lib.functions) luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
    };
    if (rc != 0) {
        err = "Error registering functions: " + load_error_message(L);
        lua_pop(L, 1);
        drop();
        return "";
    }
    if (lib.functions.empty()) {
        err = "No functions registered";
        return "";
    }
    for (const auto& [fname, f] : lib.functions) {
        auto other = functions_.find(fname);
        if (other != functions_.end() && other->second != lib.name) {
            err = "Function " + f.name + " already exists";
            drop();
            return "";
        }
    }
    if (existing != libraries_.end()) delete_library(md.name);
    for (const auto& [fname, f] : lib.functions) functions_[fname] = lib.name;
    std::string name = lib.name;
    libraries_.emplace(name, std::move(lib));
    return name;
}

bool ScriptEngine::delete_library(std::string_view name) {
    auto it = libraries_.find(std::string(name));
    if (it == libraries_.end()) return false;
    for (auto& [fname, f] : it->second.functions) {
        luaL_unref(func_lua_, LUA_REGISTRYINDEX, f.ref);
        functions_.erase(fname);
    }
    libraries_.erase(it);
    return true;
}

void ScriptEngine::flush_functions() {
    libraries_.clear();
    functions_.clear();
    sc::close_sandbox(func_lua_);
    func_lua_ = open_functions_state();
}

std::vector<std::string> ScriptEngine::library_codes() const {
    std::vector<std::string> r;
    for (const auto& [name, lib] : libraries_) r.push_back(lib.code);
    return r;
}

std::string ScriptEngine::dump_functions() const {
    std::string out;
    for (const auto& [name, lib] : libraries_) {
        persist::put_u8(out, persist::rdb::kOpFunction2);
        persist::put_string(out, lib.code, server_.config().rdbcompression);
    }
    out.push_back(static_cast<char>(persist::rdb::kVersion & 0xff));
    out.push_back(static_cast<char>((persist::rdb::kVersion >> 8) & 0xff));
    uint64_t crc = persist::crc64(0, out.data(), out.size());
    for (int i = 0; i < 8; i++) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
    return out;
}

bool ScriptEngine::restore_functions(std::string_view payload, std::string_view policy,
                                     std::string& err) {
    if (!persist::dump_payload_ok(payload)) {
        err = "payload version or checksum are wrong";
        return false;
    }
    std::vector<std::string> codes;
    {
        persist::MemorySource src(payload.substr(0, payload.size() - 10));
        persist::RdbReader r(src);
        const size_t total = payload.size() - 10;
        while (r.bytes_read() < total) {
            uint8_t type = r.u8();
            if (r.failed()) {
                err = "can not read data type";
                return false;
            }
            if (type == persist::rdb::kOpFunction) {
                err = "Pre-GA function format not supported";
                return false;
            }
            if (type != persist::rdb::kOpFunction2) {
                err = "given type is not a function";
                return false;
            }
            std::string code = r.string();
            if (r.failed()) {
                err = "failed loading the given functions payload";
                return false;
            }
            codes.push_back(std::move(code));
        }
    }
    // Checked before anything changes: the payload must load as a whole.
    std::vector<std::string> names;
    for (const std::string& code : codes) {
        sc::LibraryMeta md;
        if (!sc::parse_library_meta(code, md, err)) return false;
        if (policy == "APPEND" && libraries_.count(md.name)) {
            err = "Library " + md.name + " already exists";
            return false;
        }
        names.push_back(md.name);
    }
    if (policy == "FLUSH") flush_functions();
    for (const std::string& code : codes) {
        if (load_library(code, policy == "REPLACE", err).empty()) return false;
    }
    return true;
}

}  // namespace cairn

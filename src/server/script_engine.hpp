// The scripting engine the Server owns (Redis 7.0's eval.c, script.c, script_lua.c,
// functions.c, function_lua.c): the EVAL Lua state and its script cache, the functions Lua
// state and its libraries, and the run of one script at a time (redis.call through the
// pipeline's call stage in a pseudo-client, the busy-script watchdog, SCRIPT/FUNCTION KILL).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct lua_State;
struct lua_Debug;

namespace cairn {

class Client;
class CommandContext;
class Server;

class ScriptEngine {
public:
    explicit ScriptEngine(Server& server);
    ~ScriptEngine();
    ScriptEngine(const ScriptEngine&) = delete;
    ScriptEngine& operator=(const ScriptEngine&) = delete;

    // EVAL / EVALSHA / EVAL_RO / EVALSHA_RO.
    void eval(CommandContext& ctx, bool by_sha, bool ro);
    // FCALL / FCALL_RO.
    void fcall(CommandContext& ctx, bool ro);

    // The script cache. create_script compiles and caches body; returns its sha, or "" with
    // the error reply text in err.
    std::string create_script(std::string_view body, std::string& err);
    bool script_exists(std::string_view sha) const;
    void flush_scripts();  // SCRIPT FLUSH: a fresh Lua state
    size_t script_count() const { return scripts_.size(); }
    size_t scripts_memory() const;  // the cached bodies and their bookkeeping
    size_t eval_vm_memory() const;

    // Functions. load_library: FUNCTION LOAD's work; returns the library name or "" with err
    // (without "ERR ").
    struct Function {
        std::string name;
        std::string description;  // empty: none
        uint32_t flags = 0;       // scripting::ScriptFlag
        int ref = 0;              // the callback in the functions state's registry
        bool has_description = false;
    };
    struct Library {
        std::string name;
        std::string engine;                         // "LUA"
        std::string code;                           // as loaded, metadata line included
        std::map<std::string, Function> functions;  // by lower-case name
    };
    std::string load_library(std::string_view code, bool replace, std::string& err);
    bool delete_library(std::string_view name);
    void flush_functions();
    const std::map<std::string, Library>& libraries() const { return libraries_; }
    size_t function_count() const { return functions_.size(); }
    size_t functions_memory() const;
    size_t functions_vm_memory() const;
    // FUNCTION DUMP's payload and FUNCTION RESTORE's (policy: "APPEND", "REPLACE", "FLUSH").
    std::string dump_functions() const;
    bool restore_functions(std::string_view payload, std::string_view policy, std::string& err);
    // RDB: the library codes in save order, and a load of one library (replacing none).
    std::vector<std::string> library_codes() const;

    // The running script (SCRIPT KILL, FUNCTION KILL, FUNCTION STATS, -BUSY).
    bool running() const { return run_ != nullptr; }
    bool is_script_client(const Client& c) const { return client_.get() == &c; }
    bool timed_out() const { return run_ && run_->timed_out; }
    bool running_eval() const { return run_ && run_->eval; }
    // SCRIPT KILL (eval) / FUNCTION KILL: the reply text ("" for OK).
    std::string kill(bool eval);
    // FUNCTION STATS running_script: name, command and duration of the running script.
    struct RunningInfo {
        std::string name;
        std::vector<std::string> command;
        int64_t duration_ms = 0;
    };
    bool running_info(RunningInfo& out) const;

private:
    struct Script {
        std::string body;
        uint32_t flags = 0;
        std::string registry_name;  // "f_<sha>": where the compiled body is in the registry
    };
    struct Run {
        Client* caller = nullptr;
        std::string funcname;
        std::vector<std::string> command;
        uint32_t flags = 0;  // scripting::ScriptFlag of the script
        bool eval = true;
        bool read_only = false;
        bool write_dirty = false;
        bool timed_out = false;
        bool killed = false;
        int resp = 2;
        uint8_t repl = 3;  // REPL_ALL
        std::chrono::steady_clock::time_point start;
    };

    lua_State* open_eval_state();
    lua_State* open_functions_state();
    bool prepare_run(CommandContext& ctx, Run& run, uint32_t flags, bool ro);
    void execute(CommandContext& ctx, lua_State* L, Run& run, int nargs);
    void process_events();
    void feed_monitors(CommandContext& ctx);
    static bool parse_numkeys(CommandContext& ctx, std::string_view not_a_number,
                              long long& numkeys);

    // Lua entry points.
    static int lua_call_command(lua_State* L);
    static int lua_pcall_command(lua_State* L);
    static int lua_setresp(lua_State* L);
    static int lua_set_repl(lua_State* L);
    static int lua_log(lua_State* L);
    static int lua_acl_check_cmd(lua_State* L);
    static int lua_register_function(lua_State* L);
    static void count_hook(lua_State* L, lua_Debug* ar);
    static void load_hook(lua_State* L, lua_Debug* ar);
    bool call_command(lua_State* L, bool raise);
    static const char* register_function(lua_State* L, Library& lib);

    Server& server_;
    lua_State* eval_lua_ = nullptr;
    lua_State* func_lua_ = nullptr;
    std::unordered_map<std::string, Script> scripts_;  // by lowercase sha
    size_t scripts_bytes_ = 0;
    std::map<std::string, Library> libraries_;
    std::unordered_map<std::string, std::string> functions_;  // lower-case function -> library
    std::unique_ptr<Client> client_;                          // the pseudo-client of scripts
    Run* run_ = nullptr;
    Library* loading_ = nullptr;  // the library a FUNCTION LOAD run registers into
    std::chrono::steady_clock::time_point load_start_;
};

}  // namespace cairn

#include "server/script_engine.hpp"

#include <cstdio>
#include <cstring>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "persist/crc64.hpp"
#include "persist/rdb_format.hpp"
#include "persist/rdb_primitives.hpp"
#include "resp/reply.hpp"
#include "scripting/lua.hpp"
#include "scripting/lua_to_resp.hpp"
#include "scripting/resp_to_lua.hpp"
#include "scripting/sandbox.hpp"
#include "scripting/script_header.hpp"
#include "server/log.hpp"
#include "server/persistence.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"
#include "util/sha1.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace sc = scripting;

namespace {

constexpr int kHookInstructions = 100000;  // Redis's count hook period
constexpr int kGcPeriod = 50;              // LUA_GC_CYCLE_PERIOD
constexpr std::string_view kNoScriptError = "NOSCRIPT No matching script. Please use EVAL.";

std::string lower(std::string_view s) {
    return util::to_lower(s);
}

bool parse_ll(std::string_view s, long long& v) {
    return util::string_to_ll(s, v);
}

// {keys...} or {args...} as a Lua array.
void push_array(lua_State* L, const std::vector<std::string_view>& argv, size_t from, size_t n) {
    lua_createtable(L, static_cast<int>(n), 0);
    for (size_t i = 0; i < n; i++) {
        std::string_view a = argv[from + i];
        lua_pushlstring(L, a.data(), a.size());
        lua_rawseti(L, -2, static_cast<int>(i + 1));
    }
}

// The reply bytes the pseudo-client got, taken out of its buffer.
std::string take_output(Client& c) {
    std::string out;
    c.output().for_each_pending([&](const char* p, size_t n) { out.append(p, n); },
                                static_cast<size_t>(-1));
    c.output().clear();
    return out;
}

int gc_count = 0;

}  // namespace

ScriptEngine::ScriptEngine(Server& server) : server_(server) {
    eval_lua_ = open_eval_state();
    func_lua_ = open_functions_state();
}

ScriptEngine::~ScriptEngine() {
    sc::close_sandbox(eval_lua_);
    sc::close_sandbox(func_lua_);
}

lua_State* ScriptEngine::open_eval_state() {
    static const luaL_Reg kRedis[] = {
        {"call", lua_call_command}, {"pcall", lua_pcall_command},
        {"setresp", lua_setresp},   {"set_repl", lua_set_repl},
        {"log", lua_log},           {"acl_check_cmd", lua_acl_check_cmd},
        {nullptr, nullptr},
    };
    sc::SandboxOptions o;
    o.redis_functions = kRedis;
    o.host = this;
    o.redis_version = CAIRN_REDIS_COMPAT_VERSION;
    return sc::open_sandbox(o);
}

lua_State* ScriptEngine::open_functions_state() {
    static const luaL_Reg kRedis[] = {
        {"call", lua_call_command}, {"pcall", lua_pcall_command},
        {"setresp", lua_setresp},   {"set_repl", lua_set_repl},
        {"log", lua_log},           {"acl_check_cmd", lua_acl_check_cmd},
        {nullptr, nullptr},
    };
    static const luaL_Reg kLoad[] = {
        {"register_function", lua_register_function},
        {"log", lua_log},
        {nullptr, nullptr},
    };
    sc::SandboxOptions o;
    o.redis_functions = kRedis;
    o.load_functions = kLoad;
    o.host = this;
    o.redis_version = CAIRN_REDIS_COMPAT_VERSION;
    return sc::open_sandbox(o);
}

// ---- the script cache ----

std::string ScriptEngine::create_script(std::string_view body, std::string& err) {
    std::string sha = util::to_hex(util::sha1(body));
    if (scripts_.count(sha)) return sha;
    sc::Shebang sb;
    std::string e;
    if (!sc::parse_eval_shebang(body, sb, e)) {
        err = "ERR " + e;
        return "";
    }
    if (!sc::compile(eval_lua_, body.substr(sb.length), "@user_script", e)) {
        err = "ERR Error compiling script (new function): " + e;
        return "";
    }
    std::string registry_name = "f_" + sha;
    lua_setfield(eval_lua_, LUA_REGISTRYINDEX, registry_name.c_str());
    scripts_bytes_ += body.size() + sha.size();
    scripts_.emplace(sha, Script{std::string(body), sb.flags, std::move(registry_name)});
    return sha;
}

bool ScriptEngine::script_exists(std::string_view sha) const {
    return scripts_.count(lower(sha)) > 0;
}

void ScriptEngine::flush_scripts() {
    sc::close_sandbox(eval_lua_);
    eval_lua_ = open_eval_state();
    scripts_.clear();
    scripts_bytes_ = 0;
}

size_t ScriptEngine::scripts_memory() const {
    // Bodies and SHAs, plus the cache's entries (Redis's evalScriptsMemory).
    return scripts_bytes_ + scripts_.size() * (sizeof(Script) + 3 * sizeof(void*));
}

size_t ScriptEngine::eval_vm_memory() const {
    return static_cast<size_t>(lua_gc(eval_lua_, LUA_GCCOUNT, 0)) * 1024;
}

size_t ScriptEngine::functions_vm_memory() const {
    return static_cast<size_t>(lua_gc(func_lua_, LUA_GCCOUNT, 0)) * 1024;
}

size_t ScriptEngine::functions_memory() const {
    size_t n = 0;
    for (const auto& [name, lib] : libraries_) {
        n += sizeof(Library) + name.size() + lib.code.size();
        for (const auto& [fname, f] : lib.functions) {
            n += sizeof(Function) + fname.size() + f.description.size();
        }
    }
    return n + functions_.size() * 3 * sizeof(void*);
}

// ---- running ----

bool ScriptEngine::prepare_run(CommandContext& ctx, Run& run, uint32_t flags, bool ro) {
    const bool compat = flags & sc::kScriptEvalCompat;
    if (!compat && !(flags & sc::kScriptNoWrites)) {
        if (!server_.persistence().write_refusal().empty() && !(ctx.client.flags & kPseudo)) {
            ctx.reply.error(
                "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
                "persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read "
                "only scripts.");
            return false;
        }
        if (ro) {
            ctx.reply.error("ERR Can not execute a script with write flag using *_ro command.");
            return false;
        }
    }
    run.caller = &ctx.client;
    run.flags = flags;
    run.read_only = ro || (!compat && (flags & sc::kScriptNoWrites));
    run.command.assign(ctx.argv.begin(), ctx.argv.end());
    return true;
}

void ScriptEngine::execute(CommandContext& ctx, lua_State* L, Run& run, int nargs) {
    if (!client_) {
        client_ = server_.create_pseudo_client();
        client_->flags |= kScript;
    }
    client_->db_index = ctx.client.db_index;
    client_->set_resp_version(2);
    client_->flags |= kDenyBlocking;
    run.start = std::chrono::steady_clock::now();
    run_ = &run;
    const bool hook = server_.config().busy_reply_threshold > 0;
    if (hook) lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookInstructions);
    bool ok = sc::protected_call(L, nargs);
    if (hook) lua_sethook(L, nullptr, 0, 0);
    if (++gc_count == kGcPeriod) {
        lua_gc(L, LUA_GCSTEP, kGcPeriod);
        gc_count = 0;
    }
    // An error table from redis.call / redis.pcall was counted when the command failed.
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "ignore_error_stats_update");
        bool ignore = lua_toboolean(L, -1) != 0;
        lua_pop(L, 1);
        if (ignore) server_.skip_error_stats();
    }
    if (!ok) {
        if (!lua_istable(L, -1)) {
            std::string msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "execution failure";
            ctx.reply.error("ERR Error running script " + run.funcname + ", " + msg.substr(0, 100));
        } else {
            lua_getfield(L, -1, "err");
            std::string msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
            lua_pop(L, 1);
            lua_getfield(L, -1, "source");
            std::string source = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
            lua_pop(L, 1);
            lua_getfield(L, -1, "line");
            std::string line = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
            lua_pop(L, 1);
            if (!line.empty() && !source.empty()) {
                msg += " script: " + run.funcname + ", on " + source + ":" + line + ".";
            }
            ctx.reply.error(msg);
        }
        lua_pop(L, 1);
    } else {
        sc::write_reply(L, ctx.reply, run.resp);
    }
    run_ = nullptr;
    // What the script ran was propagated; the script itself is not (effects replication).
    ctx.prevent_propagation();
}

// argv[2] of EVAL* and FCALL*: the number of keys among the arguments after it (the error for
// a non-number differs between them).
bool ScriptEngine::parse_numkeys(CommandContext& ctx, std::string_view not_a_number,
                                 long long& numkeys) {
    if (!parse_ll(ctx.argv[2], numkeys)) {
        ctx.reply.error(not_a_number);
        return false;
    }
    if (numkeys > static_cast<long long>(ctx.argc()) - 3) {
        ctx.reply.error("ERR Number of keys can't be greater than number of args");
        return false;
    }
    if (numkeys < 0) {
        ctx.reply.error("ERR Number of keys can't be negative");
        return false;
    }
    return true;
}

// EVAL and FCALL are skip_monitor, yet MONITOR shows them before the commands they run, as
// Redis 7.0 does.
void ScriptEngine::feed_monitors(CommandContext& ctx) {
    if (!server_.monitors().empty())
        server_.monitors().feed(ctx.client, ctx.client.db_index, ctx.argv);
}

void ScriptEngine::eval(CommandContext& ctx, bool by_sha, bool ro) {
    feed_monitors(ctx);
    // evalShaCommand: a SHA1 that is not 40 characters long cannot match, whatever follows.
    if (by_sha && ctx.argv[1].size() != 40) {
        ctx.reply.error(kNoScriptError);
        return;
    }
    long long numkeys = 0;
    if (!parse_numkeys(ctx, "ERR value is not an integer or out of range", numkeys)) return;
    std::string sha;
    const Script* s = nullptr;
    if (by_sha) {
        sha = lower(ctx.argv[1]);
        auto it = scripts_.find(sha);
        if (it == scripts_.end()) {
            ctx.reply.error(kNoScriptError);
            return;
        }
        s = &it->second;
    } else {
        std::string err;
        sha = create_script(ctx.argv[1], err);
        if (sha.empty()) {
            ctx.reply.error(err);
            return;
        }
        s = &scripts_.at(sha);
    }
    Run run;
    run.funcname = std::move(sha);
    run.eval = true;
    if (!prepare_run(ctx, run, s->flags, ro)) return;
    lua_State* L = eval_lua_;
    lua_getfield(L, LUA_REGISTRYINDEX, s->registry_name.c_str());
    push_array(L, ctx.argv, 3, static_cast<size_t>(numkeys));
    sc::set_api_global(L, "KEYS");
    push_array(L, ctx.argv, 3 + static_cast<size_t>(numkeys),
               ctx.argc() - 3 - static_cast<size_t>(numkeys));
    sc::set_api_global(L, "ARGV");
    execute(ctx, L, run, 0);
}

void ScriptEngine::fcall(CommandContext& ctx, bool ro) {
    feed_monitors(ctx);
    auto owner = functions_.find(util::to_lower(ctx.argv[1]));
    if (owner == functions_.end()) {
        ctx.reply.error("ERR Function not found");
        return;
    }
    const Function& f = libraries_.at(owner->second).functions.at(owner->first);
    long long numkeys = 0;
    if (!parse_numkeys(ctx, "ERR Bad number of keys provided", numkeys)) return;
    Run run;
    run.funcname = f.name;
    run.eval = false;
    if (!prepare_run(ctx, run, f.flags, ro)) return;
    lua_State* L = func_lua_;
    lua_rawgeti(L, LUA_REGISTRYINDEX, f.ref);
    push_array(L, ctx.argv, 3, static_cast<size_t>(numkeys));
    push_array(L, ctx.argv, 3 + static_cast<size_t>(numkeys),
               ctx.argc() - 3 - static_cast<size_t>(numkeys));
    execute(ctx, L, run, 2);
}

// Redis's processEventsWhileBlocked: other clients are served (-BUSY for most commands) while
// the script runs past busy-reply-threshold.
void ScriptEngine::process_events() {
    server_.update_time();
    server_.runtime().poll_events();
}

void ScriptEngine::count_hook(lua_State* L, lua_Debug*) {
    auto* self = static_cast<ScriptEngine*>(sc::host_of(L));
    Run* run = self->run_;
    if (!run) return;
    if (!run->timed_out) {
        auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - run->start)
                           .count();
        if (elapsed < self->server_.config().busy_reply_threshold) return;
        log(LogLevel::Warning,
            "Slow script detected: still in execution after %lld milliseconds. You can try "
            "killing the script using the %s command. Script name is: %s.",
            static_cast<long long>(elapsed), run->eval ? "SCRIPT KILL" : "FUNCTION KILL",
            run->funcname.c_str());
        run->timed_out = true;
    }
    self->process_events();
    if (run->killed || self->server_.shutting_down()) {
        log(LogLevel::Warning, "Lua script killed by user with SCRIPT KILL.");
        // Every line from now on raises again: a pcall in the script cannot swallow the kill.
        lua_sethook(L, count_hook, LUA_MASKLINE, 0);
        sc::push_error(L, "-ERR Script killed by user with SCRIPT KILL...");
        lua_error(L);
    }
}

std::string ScriptEngine::kill(bool eval) {
    if (!run_) return "NOTBUSY No scripts in execution right now.";
    if (run_->write_dirty) {
        return "UNKILLABLE Sorry the script already executed write commands against the "
               "dataset. You can either wait the script termination or kill the server in a "
               "hard way using the SHUTDOWN NOSAVE command.";
    }
    if (eval && !run_->eval) {
        return "BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
               "SHUTDOWN NOSAVE.";
    }
    if (!eval && run_->eval) {
        return "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN "
               "NOSAVE.";
    }
    run_->killed = true;
    return "";
}

bool ScriptEngine::running_info(RunningInfo& out) const {
    if (!run_) return false;
    out.name = run_->funcname;
    out.command = run_->command;
    out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - run_->start)
                          .count();
    return true;
}

// ---- redis.* ----

// lua_error longjmps: it is raised only once no C++ object of the call is alive any more.
int ScriptEngine::lua_call_command(lua_State* L) {
    if (static_cast<ScriptEngine*>(sc::host_of(L))->call_command(L, true)) return lua_error(L);
    return 1;
}

int ScriptEngine::lua_pcall_command(lua_State* L) {
    static_cast<ScriptEngine*>(sc::host_of(L))->call_command(L, false);
    return 1;
}

// Pushes the reply (or the error table); true when the error table must be raised.
bool ScriptEngine::call_command(lua_State* L, bool raise) {
    auto fail = [&](std::string_view err) {
        sc::push_error(L, err);
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "ignore_error_stats_update");
        return raise;
    };
    Run* run = run_;
    const int argc = lua_gettop(L);
    if (!run) return fail("redis.call can only be called from a script");
    if (argc == 0) return fail("Please specify at least one argument for this redis lib call");
    std::vector<std::string> args;
    args.reserve(static_cast<size_t>(argc));
    for (int j = 1; j <= argc; j++) {
        int t = lua_type(L, j);
        if (t == LUA_TNUMBER) {
            char buf[64];
            int n = std::snprintf(buf, sizeof(buf), "%.17g", lua_tonumber(L, j));
            args.emplace_back(buf, static_cast<size_t>(n));
        } else if (t == LUA_TSTRING) {
            size_t len = 0;
            const char* s = lua_tolstring(L, j, &len);
            args.emplace_back(s, len);
        } else {
            return fail("Lua redis lib command arguments must be strings or integers");
        }
    }
    std::vector<std::string_view> argv(args.begin(), args.end());
    const Command* cmd = server_.commands().find(argv[0]);
    if (cmd && cmd->has_subcommands() && argv.size() >= 2) cmd = cmd->find_subcommand(argv[1]);
    std::string err;
    if (!cmd) {
        err = "Unknown Redis command called from script";
    } else if (!cmd->arity_ok(argv.size())) {
        err = "Wrong number of args calling Redis command from script";
    } else if (cmd->spec().flags & kNoScript) {
        err = "This Redis command is not allowed from script";
    } else if (run->read_only && (cmd->spec().flags & (kWrite | kMayReplicate))) {
        err = "Write commands are not allowed from read-only scripts.";
    } else if ((cmd->spec().flags & kWrite) && !run->write_dirty &&
               !server_.persistence().write_refusal().empty() && !(run->caller->flags & kPseudo)) {
        err = "-" + std::string(server_.persistence().write_refusal());
    }
    if (!err.empty()) {
        if (cmd) cmd->stats().rejected_calls++;
        server_.stats().record_error(err[0] == '-' ? err.substr(1, err.find(' ') - 1) : "ERR");
        return fail(err);
    }
    if (cmd->spec().flags & kWrite) run->write_dirty = true;
    Client& c = *client_;
    c.set_resp_version(run->resp);
    uint8_t flags = kCallStats | kCallMonitor;
    if (run->repl != 0) flags |= kCallPropagate;
    // redis.set_repl: REPL_AOF and REPL_REPLICA are the propagation targets' bits.
    server_.set_propagation_mask(run->repl);
    server_.call(c, *cmd, argv, flags);
    server_.set_propagation_mask(kPropagateAll);
    std::string reply = take_output(c);
    if (sc::push_reply(L, reply) == 0) lua_pushnil(L);
    if (raise && !reply.empty() && reply[0] == '-') {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "ignore_error_stats_update");
        return true;
    }
    return false;
}

int ScriptEngine::lua_setresp(lua_State* L) {
    auto* self = static_cast<ScriptEngine*>(sc::host_of(L));
    if (lua_gettop(L) != 1) {
        sc::push_error(L, "redis.setresp() requires one argument.");
        return lua_error(L);
    }
    int resp = static_cast<int>(lua_tonumber(L, -1));
    if (resp != 2 && resp != 3) {
        sc::push_error(L, "RESP version must be 2 or 3.");
        return lua_error(L);
    }
    if (self->run_) self->run_->resp = resp;
    return 0;
}

int ScriptEngine::lua_set_repl(lua_State* L) {
    auto* self = static_cast<ScriptEngine*>(sc::host_of(L));
    if (lua_gettop(L) != 1) {
        sc::push_error(L, "redis.set_repl() requires one argument.");
        return lua_error(L);
    }
    int flags = static_cast<int>(lua_tonumber(L, -1));
    if ((flags & ~3) != 0) {
        sc::push_error(
            L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        return lua_error(L);
    }
    if (self->run_) self->run_->repl = static_cast<uint8_t>(flags);
    return 0;
}

int ScriptEngine::lua_log(lua_State* L) {
    int argc = lua_gettop(L);
    if (argc < 2) {
        sc::push_error(L, "redis.log() requires two arguments or more.");
        return lua_error(L);
    }
    if (!lua_isnumber(L, 1)) {
        sc::push_error(L, "First argument must be a number (log level).");
        return lua_error(L);
    }
    int level = static_cast<int>(lua_tonumber(L, 1));
    if (level < 0 || level > 3) {
        sc::push_error(L, "Invalid debug level.");
        return lua_error(L);
    }
    std::string msg;
    for (int j = 2; j <= argc; j++) {
        size_t len = 0;
        const char* s = lua_tolstring(L, j, &len);
        if (s) {
            if (j != 2) msg += ' ';
            msg.append(s, len);
        }
    }
    static constexpr LogLevel kLevels[] = {LogLevel::Debug, LogLevel::Verbose, LogLevel::Notice,
                                           LogLevel::Warning};
    log(kLevels[level], "%s", msg.c_str());
    return 0;
}

// Cairn has no ACL users besides the default one: every existing command is permitted.
int ScriptEngine::lua_acl_check_cmd(lua_State* L) {
    auto* self = static_cast<ScriptEngine*>(sc::host_of(L));
    int argc = lua_gettop(L);
    if (argc == 0) {
        sc::push_error(L, "Please specify at least one argument for this redis lib call");
        return lua_error(L);
    }
    size_t len = 0;
    const char* name = lua_tolstring(L, 1, &len);
    const Command* cmd =
        name ? self->server_.commands().find(std::string_view(name, len)) : nullptr;
    if (!cmd) {
        sc::push_error(L, "Invalid command passed to redis.acl_check_cmd()");
        return lua_error(L);
    }
    lua_pushboolean(L, 1);
    return 1;
}

}  // namespace cairn

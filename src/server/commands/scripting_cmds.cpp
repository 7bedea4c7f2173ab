// EVAL EVALSHA EVAL_RO EVALSHA_RO SCRIPT FCALL FCALL_RO FUNCTION (Redis 7.0's eval.c and
// functions.c commands). The work is the Server's scripting engine (server/script_engine.hpp).
#include <iterator>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "scripting/script_header.hpp"
#include "server/commands/server_commands.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

ScriptEngine& engine(CommandContext& ctx) {
    return server_of(ctx).scripts();
}

void eval(CommandContext& ctx) {
    engine(ctx).eval(ctx, false, false);
}
void evalsha(CommandContext& ctx) {
    engine(ctx).eval(ctx, true, false);
}
void eval_ro(CommandContext& ctx) {
    engine(ctx).eval(ctx, false, true);
}
void evalsha_ro(CommandContext& ctx) {
    engine(ctx).eval(ctx, true, true);
}
void fcall(CommandContext& ctx) {
    engine(ctx).fcall(ctx, false);
}
void fcall_ro(CommandContext& ctx) {
    engine(ctx).fcall(ctx, true);
}

void reply_help(CommandContext& ctx, const char* const* lines, size_t n) {
    ctx.reply.array(n);
    for (size_t i = 0; i < n; i++) ctx.reply.simple(lines[i]);
}

// FLUSH [ASYNC|SYNC]: false (with the error replied) for another argument.
bool flush_mode_ok(CommandContext& ctx, const char* err) {
    if (ctx.argc() == 2) return true;
    if (ctx.argc() == 3 &&
        (util::iequals(ctx.argv[2], "sync") || util::iequals(ctx.argv[2], "async"))) {
        return true;
    }
    ctx.reply.error(err);
    return false;
}

void script_load(CommandContext& ctx) {
    std::string err;
    std::string sha = engine(ctx).create_script(ctx.argv[2], err);
    if (sha.empty()) {
        ctx.reply.error(err);
        return;
    }
    ctx.reply.bulk(sha);
}

void script_exists(CommandContext& ctx) {
    ctx.reply.array(ctx.argc() - 2);
    for (size_t i = 2; i < ctx.argc(); i++) {
        ctx.reply.integer(engine(ctx).script_exists(ctx.argv[i]) ? 1 : 0);
    }
}

void script_flush(CommandContext& ctx) {
    if (!flush_mode_ok(ctx, "ERR SCRIPT FLUSH only support SYNC|ASYNC option")) return;
    engine(ctx).flush_scripts();
    ctx.reply.ok();
}

void reply_kill(CommandContext& ctx, bool eval) {
    std::string err = engine(ctx).kill(eval);
    if (err.empty()) {
        ctx.reply.ok();
    } else {
        ctx.reply.error(err);
    }
}

void script_kill(CommandContext& ctx) {
    reply_kill(ctx, true);
}
void function_kill(CommandContext& ctx) {
    reply_kill(ctx, false);
}

void script_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.",
    };
    reply_help(ctx, kLines, std::size(kLines));
}

void function_load(CommandContext& ctx) {
    bool replace = false;
    size_t i = 2;
    if (ctx.argc() > 3) {
        if (!util::iequals(ctx.argv[2], "replace")) {
            ctx.reply.error("ERR Unknown option given: " + std::string(ctx.argv[2]));
            return;
        }
        replace = true;
        i = 3;
    }
    if (i != ctx.argc() - 1) {
        ctx.reply.error("ERR Function LOAD received too many arguments");
        return;
    }
    std::string err;
    std::string name = engine(ctx).load_library(ctx.argv[i], replace, err);
    if (name.empty()) {
        ctx.reply.error("ERR " + err);
        return;
    }
    server_of(ctx).stats().dirty++;
    ctx.reply.bulk(name);
}

void function_delete(CommandContext& ctx) {
    if (!engine(ctx).delete_library(ctx.argv[2])) {
        ctx.reply.error("ERR Library not found");
        return;
    }
    server_of(ctx).stats().dirty++;
    ctx.reply.ok();
}

void function_flush(CommandContext& ctx) {
    if (!flush_mode_ok(ctx, "ERR FUNCTION FLUSH only supports SYNC|ASYNC option")) return;
    engine(ctx).flush_functions();
    server_of(ctx).stats().dirty++;
    ctx.reply.ok();
}

void function_list(CommandContext& ctx) {
    bool with_code = false;
    bool has_pattern = false;
    std::string_view pattern;
    for (size_t i = 2; i < ctx.argc(); i++) {
        std::string_view a = ctx.argv[i];
        if (!with_code && util::iequals(a, "withcode")) {
            with_code = true;
            continue;
        }
        if (!has_pattern && util::iequals(a, "libraryname")) {
            if (i >= ctx.argc() - 1) {
                ctx.reply.error("ERR library name argument was not given");
                return;
            }
            pattern = ctx.argv[++i];
            has_pattern = true;
            continue;
        }
        ctx.reply.error("ERR Unknown argument " + std::string(a));
        return;
    }
    std::vector<const ScriptEngine::Library*> libs;
    for (const auto& [name, lib] : engine(ctx).libraries()) {
        if (has_pattern && !util::glob_match(pattern, name, true)) continue;
        libs.push_back(&lib);
    }
    ctx.reply.array(libs.size());
    for (const ScriptEngine::Library* lib : libs) {
        ctx.reply.map(with_code ? 4 : 3);
        ctx.reply.bulk("library_name");
        ctx.reply.bulk(lib->name);
        ctx.reply.bulk("engine");
        ctx.reply.bulk(lib->engine);
        ctx.reply.bulk("functions");
        ctx.reply.array(lib->functions.size());
        for (const auto& [fname, f] : lib->functions) {
            ctx.reply.map(3);
            ctx.reply.bulk("name");
            ctx.reply.bulk(f.name);
            ctx.reply.bulk("description");
            if (f.has_description) {
                ctx.reply.bulk(f.description);
            } else {
                ctx.reply.null();
            }
            ctx.reply.bulk("flags");
            std::vector<std::string_view> flags = scripting::script_flag_names(f.flags);
            ctx.reply.set(flags.size());
            for (std::string_view fl : flags) ctx.reply.simple(fl);
        }
        if (with_code) {
            ctx.reply.bulk("library_code");
            ctx.reply.bulk(lib->code);
        }
    }
}

void function_dump(CommandContext& ctx) {
    ctx.reply.bulk(engine(ctx).dump_functions());
}

void function_restore(CommandContext& ctx) {
    if (ctx.argc() > 4) {
        ctx.reply.error(
            "ERR unknown subcommand or wrong number of arguments for 'restore'. Try "
            "FUNCTION HELP.");
        return;
    }
    std::string policy = "APPEND";
    if (ctx.argc() == 4) {
        std::string_view p = ctx.argv[3];
        if (util::iequals(p, "append")) {
            policy = "APPEND";
        } else if (util::iequals(p, "replace")) {
            policy = "REPLACE";
        } else if (util::iequals(p, "flush")) {
            policy = "FLUSH";
        } else {
            ctx.reply.error(
                "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            return;
        }
    }
    std::string err;
    if (!engine(ctx).restore_functions(ctx.argv[2], policy, err)) {
        if (err == "payload version or checksum are wrong") err = "DUMP " + err;
        ctx.reply.error("ERR " + err);
        return;
    }
    server_of(ctx).stats().dirty++;
    ctx.reply.ok();
}

void function_stats(CommandContext& ctx) {
    ScriptEngine& e = engine(ctx);
    ctx.reply.map(2);
    ctx.reply.bulk("running_script");
    ScriptEngine::RunningInfo info;
    if (!e.running_info(info)) {
        ctx.reply.null();
    } else {
        ctx.reply.map(3);
        ctx.reply.bulk("name");
        ctx.reply.bulk(info.name);
        ctx.reply.bulk("command");
        ctx.reply.array(info.command.size());
        for (const std::string& a : info.command) ctx.reply.bulk(a);
        ctx.reply.bulk("duration_ms");
        ctx.reply.integer(info.duration_ms);
    }
    ctx.reply.bulk("engines");
    ctx.reply.map(1);
    ctx.reply.bulk("LUA");
    ctx.reply.map(2);
    ctx.reply.bulk("libraries_count");
    ctx.reply.integer(static_cast<long long>(e.libraries().size()));
    ctx.reply.bulk("functions_count");
    ctx.reply.integer(static_cast<long long>(e.function_count()));
}

void function_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME "
        "argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored "
        "using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a "
        "restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
        "abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, "
        "replace the old",
        "      libraries with the new libraries (notice that even on this option there is a "
        "chance of failure",
        "      in case of functions name collision with another library).",
        "HELP",
        "    Prints this help.",
    };
    reply_help(ctx, kLines, std::size(kLines));
}

}  // namespace

void register_scripting_commands(CommandTable& t) {
    t.add_handlers({
        {"eval", eval},
        {"evalsha", evalsha},
        {"eval_ro", eval_ro},
        {"evalsha_ro", evalsha_ro},
        {"fcall", fcall},
        {"fcall_ro", fcall_ro},
        {"script|load", script_load},
        {"script|exists", script_exists},
        {"script|flush", script_flush},
        {"script|kill", script_kill},
        {"script|help", script_help},
        {"function|load", function_load},
        {"function|delete", function_delete},
        {"function|flush", function_flush},
        {"function|list", function_list},
        {"function|dump", function_dump},
        {"function|restore", function_restore},
        {"function|stats", function_stats},
        {"function|kill", function_kill},
        {"function|help", function_help},
    });
}

}  // namespace cairn

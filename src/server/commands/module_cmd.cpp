// MODULE as Redis 7.0 answers it with no module loaded: LIST is empty, and LOAD / LOADEX
// (behind enable-module-command, like UNLOAD) fail as a module that cannot be loaded does:
// Cairn has no module API yet.
#include <iterator>
#include <string>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"
#include "server/log.hpp"

namespace cairn {

namespace {

void module_list(CommandContext& ctx) {
    ctx.reply.array(0);
}

void module_load(CommandContext& ctx) {
    const std::string path(ctx.argv[2]);
    log(LogLevel::Warning, "Module %s failed to load: Cairn has no module API yet", path.c_str());
    ctx.reply.error("ERR Error loading the extension. Please check the server logs.");
}

void module_unload(CommandContext& ctx) {
    ctx.reply.error("ERR Error unloading module: no such module with that name");
}

void module_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LIST",
        "    Return a list of loaded modules.",
        "LOAD <path> [<arg> ...]",
        "    Load a module library from <path>, passing to it any optional arguments.",
        "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
        "    Load a module library from <path>, while passing it module configurations and "
        "optional arguments.",
        "UNLOAD <name>",
        "    Unload a module.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void register_module_command(CommandTable& t) {
    t.add_handlers({
        {"module|list", module_list},
        {"module|load", module_load},
        {"module|loadex", module_load},
        {"module|unload", module_unload},
        {"module|help", module_help},
    });
}

}  // namespace cairn

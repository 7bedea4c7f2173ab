// CONFIG GET / SET / RESETSTAT / REWRITE / HELP, all through the one directive table in config/.
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "config/config.hpp"
#include "config/config_rewrite.hpp"
#include "server/commands/server_commands.hpp"
#include "server/log.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"

namespace cairn {

namespace {

void config_get(CommandContext& ctx) {
    std::vector<std::string> patterns(ctx.argv.begin() + 2, ctx.argv.end());
    auto pairs = config::get_matching(server_of(ctx).config(), patterns);
    ctx.reply.map(pairs.size());
    for (const auto& [name, value] : pairs) {
        ctx.reply.bulk(name);
        ctx.reply.bulk(value);
    }
}

void config_set(CommandContext& ctx) {
    std::vector<std::string> pairs(ctx.argv.begin() + 2, ctx.argv.end());
    std::string err;
    if (!config::set_runtime(server_of(ctx).config(), pairs, &server_of(ctx), err)) {
        ctx.reply.error(err);
        return;
    }
    server_of(ctx).refresh_access_policy();
    ctx.reply.ok();
}

void config_resetstat(CommandContext& ctx) {
    Stats& s = server_of(ctx).stats();
    uint64_t dirty = s.dirty;  // changes since the last save are not a statistic
    s = Stats{};
    s.dirty = dirty;
    server_of(ctx).commands().reset_stats();
    for (int i = 0; i < server_of(ctx).db_count(); i++) server_of(ctx).db(i).expire_stats() = {};
    ctx.reply.ok();
}

// Redis's configRewriteCommand. A config read from stdin ("-") is no file to rewrite, as in
// Redis (server.configfile stays NULL).
void config_rewrite(CommandContext& ctx) {
    const std::string& path = server_of(ctx).config_file();
    if (path.empty() || path == "-") {
        ctx.reply.error("ERR The server is running without a config file");
        return;
    }
    std::string err;
    std::string detail;
    if (!config::rewrite_config_file(server_of(ctx).config(), path, err, detail)) {
        if (!detail.empty()) log(LogLevel::Warning, "%s", detail.c_str());
        log(LogLevel::Warning, "CONFIG REWRITE failed: %s", err.c_str());
        ctx.reply.error("ERR Rewriting config file: " + err);
        return;
    }
    // Redis 7.0 logs this at warning level.
    log(LogLevel::Warning, "CONFIG REWRITE executed with success.");
    ctx.reply.ok();
}

void config_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void register_config_commands(CommandTable& t) {
    t.add_handlers({
        {"config|get", config_get},
        {"config|set", config_set},
        {"config|resetstat", config_resetstat},
        {"config|rewrite", config_rewrite},
        {"config|help", config_help},
    });
}

}  // namespace cairn

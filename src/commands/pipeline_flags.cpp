// The commands the pipeline treats specially, as Redis's processCommand and call() do by
// comparing command procs. One table, applied once when the command table is built.
#include <string_view>

#include "commands/command.hpp"

namespace cairn {

namespace {

struct PipelineRow {
    std::string_view name;
    uint8_t flags;
};

constexpr PipelineRow kPipelineRows[] = {
    // Run at once inside MULTI instead of being queued.
    {"exec", kRunsInMulti | kRunsQueue},
    {"discard", kRunsInMulti},
    {"multi", kRunsInMulti},
    {"watch", kRunsInMulti},
    {"quit", kRunsInMulti | kAllowedWhileSubscribed},
    {"reset", kRunsInMulti | kAllowedWhileSubscribed},
    // The only commands of a RESP2 client in subscribed mode.
    {"ping", kAllowedWhileSubscribed},
    {"subscribe", kAllowedWhileSubscribed},
    {"ssubscribe", kAllowedWhileSubscribed},
    {"psubscribe", kAllowedWhileSubscribed},
    {"unsubscribe", kAllowedWhileSubscribed},
    {"sunsubscribe", kAllowedWhileSubscribed},
    {"punsubscribe", kAllowedWhileSubscribed},
    // CLIENT CACHING YES|NO covers the next command: CLIENT subcommands leave it in place.
    {"client", kKeepsCachingFlag},
    // Protected actions (Redis's allowProtectedAction): flags, so that the pipeline need not
    // compare names for every command.
    {"debug", kDebugProtected},
    {"module|load", kModuleProtected},
    {"module|loadex", kModuleProtected},
    {"module|unload", kModuleProtected},
};

// A row's command: "name" or "container|subcommand".
Command* row_command(CommandTable& table, std::string_view name) {
    const size_t bar = name.find('|');
    Command* cmd = table.find_mutable(name.substr(0, bar));
    if (!cmd || bar == std::string_view::npos) return cmd;
    for (const auto& sub : cmd->subcommands()) {
        if (sub->full_name() == name) return sub.get();
    }
    return nullptr;
}

}  // namespace

void apply_pipeline_flags(CommandTable& table) {
    for (const PipelineRow& row : kPipelineRows) {
        Command* cmd = row_command(table, row.name);
        if (!cmd) continue;
        cmd->set_pipeline_flags(row.flags);
    }
}

}  // namespace cairn

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
};

}  // namespace

void apply_pipeline_flags(CommandTable& table) {
    for (const PipelineRow& row : kPipelineRows) {
        Command* cmd = table.find_mutable(row.name);
        if (!cmd) continue;
        cmd->set_pipeline_flags(row.flags);
    }
}

}  // namespace cairn

// What a standalone master answers to the commands of cluster nodes and of replication roles
// (Redis 7.0 with cluster-enabled no, no replicas): CLUSTER (every subcommand, HELP included),
// READONLY, READWRITE and ASKING refuse with Redis's error, after the table's arity and
// unknown-subcommand checks; ROLE says "master" with no replicas. Clients and tools probe
// these to find out what kind of server they talk to.
#include "commands/command.hpp"
#include "commands/command_metadata.hpp"
#include "commands/context.hpp"

namespace cairn {

namespace {

void cluster_disabled(CommandContext& ctx) {
    ctx.reply.error("ERR This instance has cluster support disabled");
}

// ROLE on a master: its replication offset (0: no replication stream exists, as INFO
// replication's master_repl_offset says) and its replicas (none).
void role(CommandContext& ctx) {
    ctx.reply.array(3);
    ctx.reply.bulk("master");
    ctx.reply.integer(0);
    ctx.reply.array(0);
}

}  // namespace

void register_standalone_commands(CommandTable& t) {
    // Every CLUSTER subcommand Redis 7.0 knows (from the generated metadata), so that arity
    // errors and COMMAND INFO / DOCS are Redis's.
    for (const meta::CommandMetadata& m : meta::all_commands()) {
        if (m.name.starts_with("cluster|")) t.add_handler(m.name, cluster_disabled);
    }
    t.add_handlers({
        {"readonly", cluster_disabled},
        {"readwrite", cluster_disabled},
        {"asking", cluster_disabled},
        {"role", role},
    });
}

}  // namespace cairn

// MEMORY USAGE|STATS|DOCTOR|MALLOC-STATS|PURGE|HELP (Redis 7.0's memoryCommand).
#include <climits>
#include <iterator>
#include <string>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "platform/platform.hpp"
#include "server/commands/server_commands.hpp"
#include "server/memory_report.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES.
constexpr long long kDefaultSamples = 5;

void memory_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

void memory_usage(CommandContext& ctx) {
    long long samples = kDefaultSamples;
    for (size_t j = 3; j < ctx.argc(); j++) {
        if (util::iequals(ctx.argv[j], "samples") && j + 1 < ctx.argc()) {
            if (!ctx.parse_ll(ctx.argv[j + 1], samples)) return;
            if (samples < 0) {
                ctx.syntax_error();
                return;
            }
            if (samples == 0) samples = LLONG_MAX;
            j++;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    // As stored, expired or not (Redis's dictFind).
    std::string_view key = ctx.argv[2];
    const db::Object* o = ctx.db().peek(key);
    if (!o) {
        ctx.reply.null();
        return;
    }
    // The value, plus the rest of the key's table entry (chain link, key).
    size_t usage = o->memory_usage(samples == LLONG_MAX ? 0 : static_cast<size_t>(samples));
    usage += db::Database::entry_overhead(key);
    ctx.reply.integer(static_cast<long long>(usage));
}

// A ratio as Redis computes it (in float) and prints it (addReplyDouble).
void float_field(resp::Reply& r, const char* name, double v) {
    r.bulk(name);
    r.dbl(static_cast<double>(static_cast<float>(v)));
}

void int_field(resp::Reply& r, const char* name, long long v) {
    r.bulk(name);
    r.integer(v);
}

void memory_stats(CommandContext& ctx) {
    const MemoryOverhead mh = memory_overhead(server_of(ctx));
    resp::Reply& r = ctx.reply;
    r.map(27 + mh.dbs.size());
    int_field(r, "peak.allocated", static_cast<long long>(mh.peak_allocated));
    int_field(r, "total.allocated", static_cast<long long>(mh.total_allocated));
    int_field(r, "startup.allocated", static_cast<long long>(mh.startup_allocated));
    int_field(r, "replication.backlog", 0);
    int_field(r, "clients.slaves", 0);
    int_field(r, "clients.normal", static_cast<long long>(mh.clients_normal));
    int_field(r, "cluster.links", 0);
    int_field(r, "aof.buffer", static_cast<long long>(mh.aof_buffer));
    int_field(r, "lua.caches", 0);
    int_field(r, "functions.caches", 0);
    for (const MemoryOverhead::Db& d : mh.dbs) {
        r.bulk("db." + std::to_string(d.id));
        r.map(3);
        int_field(r, "overhead.hashtable.main", static_cast<long long>(d.overhead_main));
        int_field(r, "overhead.hashtable.expires", static_cast<long long>(d.overhead_expires));
        int_field(r, "overhead.hashtable.slot-to-keys", 0);
    }
    int_field(r, "overhead.total", static_cast<long long>(mh.overhead_total));
    int_field(r, "keys.count", static_cast<long long>(mh.total_keys));
    int_field(r, "keys.bytes-per-key", static_cast<long long>(mh.bytes_per_key));
    int_field(r, "dataset.bytes", static_cast<long long>(mh.dataset));
    float_field(r, "dataset.percentage", mh.dataset_perc);
    float_field(r, "peak.percentage", mh.peak_perc);
    int_field(r, "allocator.allocated", static_cast<long long>(mh.allocator_allocated));
    int_field(r, "allocator.active", static_cast<long long>(mh.allocator_active));
    int_field(r, "allocator.resident", static_cast<long long>(mh.allocator_resident));
    float_field(r, "allocator-fragmentation.ratio", mh.allocator_frag);
    int_field(r, "allocator-fragmentation.bytes", mh.allocator_frag_bytes);
    float_field(r, "allocator-rss.ratio", mh.allocator_rss);
    int_field(r, "allocator-rss.bytes", mh.allocator_rss_bytes);
    float_field(r, "rss-overhead.ratio", mh.rss_extra);
    int_field(r, "rss-overhead.bytes", mh.rss_extra_bytes);
    float_field(r, "fragmentation", mh.total_frag);
    int_field(r, "fragmentation.bytes", mh.total_frag_bytes);
}

void memory_doctor(CommandContext& ctx) {
    ctx.reply.verbatim(memory_doctor_report(memory_overhead(server_of(ctx))));
}

void memory_malloc_stats(CommandContext& ctx) {
    // What a Redis built on libc answers: the allocator has no report of its own here.
    ctx.reply.bulk("Stats not supported for the current allocator");
}

void memory_purge(CommandContext& ctx) {
    if (platform::release_free_memory()) {
        ctx.reply.ok();
    } else {
        ctx.reply.error("ERR Error purging dirty pages");
    }
}

}  // namespace

void register_memory_command(CommandTable& t) {
    t.add_handlers({
        {"memory|help", memory_help},
        {"memory|usage", memory_usage},
        {"memory|stats", memory_stats},
        {"memory|malloc-stats", memory_malloc_stats},
        {"memory|doctor", memory_doctor},
        {"memory|purge", memory_purge},
    });
}

}  // namespace cairn

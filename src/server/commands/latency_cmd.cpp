// LATENCY LATEST|HISTORY|GRAPH|DOCTOR|RESET|HISTOGRAM|HELP (Redis 7.0's latencyCommand).
#include <iterator>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"
#include "server/latency_monitor.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"

namespace cairn {

namespace {

LatencyMonitor& monitor(CommandContext& ctx) {
    return server_of(ctx).latency_monitor();
}

void latency_latest(CommandContext& ctx) {
    const auto& events = monitor(ctx).events();
    ctx.reply.array(events.size());
    for (const auto& [name, ts] : events) {
        ctx.reply.array(4);
        ctx.reply.bulk(name);
        ctx.reply.integer(ts.latest().time);
        ctx.reply.integer(ts.latest().latency_ms);
        ctx.reply.integer(ts.max_ms);
    }
}

void latency_history(CommandContext& ctx) {
    const LatencyMonitor::Series* ts = monitor(ctx).find(ctx.argv[2]);
    if (!ts) {
        ctx.reply.array(0);
        return;
    }
    const auto samples = ts->history();
    ctx.reply.array(samples.size());
    for (const auto& s : samples) {
        ctx.reply.array(2);
        ctx.reply.integer(s.time);
        ctx.reply.integer(s.latency_ms);
    }
}

void latency_graph(CommandContext& ctx) {
    const LatencyMonitor::Series* ts = monitor(ctx).find(ctx.argv[2]);
    if (!ts) {
        ctx.reply.error("ERR No samples available for event '" + std::string(ctx.argv[2]) + "'");
        return;
    }
    ctx.reply.verbatim(LatencyMonitor::graph(ctx.argv[2], *ts, ctx.now_ms / 1000));
}

void latency_doctor(CommandContext& ctx) {
    const auto& cfg = ctx.config();
    ctx.reply.verbatim(monitor(ctx).doctor_report(
        {cfg.latency_monitor_threshold, cfg.slowlog_log_slower_than, cfg.hz, ctx.now_ms / 1000}));
}

void latency_reset(CommandContext& ctx) {
    if (ctx.argc() == 2) {
        ctx.reply.integer(static_cast<long long>(monitor(ctx).reset_all()));
        return;
    }
    long long resets = 0;
    for (size_t j = 2; j < ctx.argc(); j++) resets += monitor(ctx).reset(ctx.argv[j]) ? 1 : 0;
    ctx.reply.integer(resets);
}

// fillCommandCDF: {calls, histogram_usec: {us: cumulative count}}.
void command_cdf(CommandContext& ctx, const util::LatencyHistogram& h) {
    ctx.reply.map(2);
    ctx.reply.bulk("calls");
    ctx.reply.integer(static_cast<long long>(h.total()));
    ctx.reply.bulk("histogram_usec");
    const auto buckets = h.cumulative_log_buckets();
    ctx.reply.map(buckets.size());
    for (const auto& [us, count] : buckets) {
        ctx.reply.integer(us);
        ctx.reply.integer(static_cast<long long>(count));
    }
}

// A command with a histogram (allocated at its first call under latency-tracking) and,
// for a container, its subcommands with one.
void collect_with_histograms(const Command& c, std::vector<const Command*>& out) {
    if (c.stats().latency) out.push_back(&c);
    for (const auto& sub : c.subcommands()) {
        if (sub->stats().latency) out.push_back(sub.get());
    }
}

void latency_histogram(CommandContext& ctx) {
    const CommandTable& table = server_of(ctx).commands();
    std::vector<const Command*> with_data;
    if (ctx.argc() == 2) {
        for (const auto& c : table.all()) collect_with_histograms(*c, with_data);
    } else {
        for (size_t j = 2; j < ctx.argc(); j++) {
            if (const Command* c = table.find_full_name(ctx.argv[j])) {
                collect_with_histograms(*c, with_data);
            }
        }
    }
    ctx.reply.map(with_data.size());
    for (const Command* c : with_data) {
        ctx.reply.bulk(c->full_name());
        command_cdf(ctx, *c->stats().latency);
    }
}

void latency_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the "
        "specified command names.",
        "    If no commands are specified then all histograms are replied.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void register_latency_command(CommandTable& t) {
    t.add_handlers({
        {"latency|latest", latency_latest},
        {"latency|history", latency_history},
        {"latency|graph", latency_graph},
        {"latency|doctor", latency_doctor},
        {"latency|reset", latency_reset},
        {"latency|histogram", latency_histogram},
        {"latency|help", latency_help},
    });
}

}  // namespace cairn

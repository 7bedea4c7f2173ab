// XINFO STREAM [FULL [COUNT n]] | GROUPS | CONSUMERS | HELP (Redis 7.0.15 xinfoCommand).
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/stream_ops.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using db::ObjType;
using db::StreamGroup;
using db::StreamID;
using db::StreamValue;
using streams::stream_of;

size_t radix_tree_nodes(const StreamValue& s) {
    std::vector<StreamID> ids;
    ids.reserve(s.nodes().size());
    for (const auto& [id, node] : s.nodes()) ids.push_back(id);
    return db::rax_node_count(ids);
}

void reply_edge(CommandContext& ctx, const StreamValue& s, bool rev) {
    bool emitted = false;
    s.range(StreamID::min(), StreamID::max(), rev,
            [&](const StreamID& id, const std::vector<std::string_view>& fv) {
                streams::reply_entry(ctx, id, fv);
                emitted = true;
                return false;
            });
    if (!emitted) ctx.reply.null();
}

void reply_lag(CommandContext& ctx, const StreamValue& s, const StreamGroup& g) {
    int64_t lag;
    if (s.group_lag(g, lag)) {
        ctx.reply.integer(lag);
    } else {
        ctx.reply.null();
    }
}

Object* stream_or_reply(CommandContext& ctx, std::string_view key) {
    Object* o;
    Lookup l = ctx.lookup_read_as(key, ObjType::Stream, o);
    if (l == Lookup::WrongType) return nullptr;
    if (!o) ctx.reply.error(errors::kNoSuchKey);
    return o;
}

void xinfo_stream(CommandContext& ctx) {
    Object* o = stream_or_reply(ctx, ctx.argv[2]);
    if (!o) return;
    bool full = false;
    long long count = 10;
    const size_t optc = ctx.argc() - 3;
    if (optc > 0) {
        if ((optc != 1 && optc != 3) || !util::iequals(ctx.argv[3], "FULL")) {
            streams::subcommand_syntax_error(ctx);
            return;
        }
        full = true;
        if (optc == 3) {
            if (!util::iequals(ctx.argv[4], "COUNT")) {
                streams::subcommand_syntax_error(ctx);
                return;
            }
            if (!ctx.parse_ll(ctx.argv[5], count)) return;
            if (count < 0) count = 10;
        }
    }
    const StreamValue& s = stream_of(*o);
    ctx.reply.map(full ? 9 : 10);
    ctx.reply.bulk("length");
    ctx.reply.integer(static_cast<long long>(s.length()));
    ctx.reply.bulk("radix-tree-keys");
    ctx.reply.integer(static_cast<long long>(s.nodes().size()));
    ctx.reply.bulk("radix-tree-nodes");
    ctx.reply.integer(static_cast<long long>(radix_tree_nodes(s)));
    ctx.reply.bulk("last-generated-id");
    ctx.reply.bulk(s.last_id().str());
    ctx.reply.bulk("max-deleted-entry-id");
    ctx.reply.bulk(s.max_deleted_id().str());
    ctx.reply.bulk("entries-added");
    ctx.reply.integer(static_cast<long long>(s.entries_added()));
    ctx.reply.bulk("recorded-first-entry-id");
    ctx.reply.bulk(s.first_id().str());
    if (!full) {
        ctx.reply.bulk("groups");
        ctx.reply.integer(static_cast<long long>(s.groups().size()));
        ctx.reply.bulk("first-entry");
        reply_edge(ctx, s, false);
        ctx.reply.bulk("last-entry");
        reply_edge(ctx, s, true);
        return;
    }
    size_t limit = static_cast<size_t>(count);
    ctx.reply.bulk("entries");
    streams::reply_range(ctx, s, StreamID::min(), StreamID::max(), false, limit);
    ctx.reply.bulk("groups");
    ctx.reply.array(s.groups().size());
    for (const auto& [name, g] : s.groups()) {
        ctx.reply.map(7);
        ctx.reply.bulk("name");
        ctx.reply.bulk(name);
        ctx.reply.bulk("last-delivered-id");
        ctx.reply.bulk(g.last_id.str());
        ctx.reply.bulk("entries-read");
        if (g.entries_read != db::kInvalidEntriesRead) {
            ctx.reply.integer(g.entries_read);
        } else {
            ctx.reply.null();
        }
        ctx.reply.bulk("lag");
        reply_lag(ctx, s, g);
        ctx.reply.bulk("pel-count");
        ctx.reply.integer(static_cast<long long>(g.pel.size()));
        ctx.reply.bulk("pending");
        size_t n = limit == 0 ? g.pel.size() : std::min(limit, g.pel.size());
        ctx.reply.array(n);
        size_t k = 0;
        for (const auto& [id, nack] : g.pel) {
            if (k++ == n) break;
            ctx.reply.array(4);
            ctx.reply.bulk(id.str());
            ctx.reply.bulk(nack.consumer);
            ctx.reply.integer(nack.delivery_time);
            ctx.reply.integer(static_cast<long long>(nack.delivery_count));
        }
        ctx.reply.bulk("consumers");
        ctx.reply.array(g.consumers.size());
        for (const auto& [cname, c] : g.consumers) {
            ctx.reply.map(4);
            ctx.reply.bulk("name");
            ctx.reply.bulk(cname);
            ctx.reply.bulk("seen-time");
            ctx.reply.integer(c.seen_time);
            ctx.reply.bulk("pel-count");
            ctx.reply.integer(static_cast<long long>(c.pel.size()));
            ctx.reply.bulk("pending");
            size_t cn = limit == 0 ? c.pel.size() : std::min(limit, c.pel.size());
            ctx.reply.array(cn);
            size_t ck = 0;
            for (const StreamID& id : c.pel) {
                if (ck++ == cn) break;
                const db::StreamNack& nack = g.pel.at(id);
                ctx.reply.array(3);
                ctx.reply.bulk(id.str());
                ctx.reply.integer(nack.delivery_time);
                ctx.reply.integer(static_cast<long long>(nack.delivery_count));
            }
        }
    }
}

void xinfo_groups(CommandContext& ctx) {
    Object* o = stream_or_reply(ctx, ctx.argv[2]);
    if (!o) return;
    const StreamValue& s = stream_of(*o);
    ctx.reply.array(s.groups().size());
    for (const auto& [name, g] : s.groups()) {
        ctx.reply.map(6);
        ctx.reply.bulk("name");
        ctx.reply.bulk(name);
        ctx.reply.bulk("consumers");
        ctx.reply.integer(static_cast<long long>(g.consumers.size()));
        ctx.reply.bulk("pending");
        ctx.reply.integer(static_cast<long long>(g.pel.size()));
        ctx.reply.bulk("last-delivered-id");
        ctx.reply.bulk(g.last_id.str());
        ctx.reply.bulk("entries-read");
        if (g.entries_read != db::kInvalidEntriesRead) {
            ctx.reply.integer(g.entries_read);
        } else {
            ctx.reply.null();
        }
        ctx.reply.bulk("lag");
        reply_lag(ctx, s, g);
    }
}

void xinfo_consumers(CommandContext& ctx) {
    Object* o = stream_or_reply(ctx, ctx.argv[2]);
    if (!o) return;
    StreamValue& s = stream_of(*o);
    StreamGroup* g = s.group(ctx.argv[3]);
    if (!g) {
        ctx.reply.error("NOGROUP No such consumer group '" + std::string(ctx.argv[3]) +
                        "' for key name '" + std::string(ctx.argv[2]) + "'");
        return;
    }
    ctx.reply.array(g->consumers.size());
    for (const auto& [name, c] : g->consumers) {
        ctx.reply.map(3);
        ctx.reply.bulk("name");
        ctx.reply.bulk(name);
        ctx.reply.bulk("pending");
        ctx.reply.integer(static_cast<long long>(c.pel.size()));
        ctx.reply.bulk("idle");
        long long idle = ctx.now_ms - c.seen_time;
        ctx.reply.integer(idle < 0 ? 0 : idle);
    }
}

void xinfo_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void register_stream_info_commands(CommandTable& t) {
    t.add_handlers({
        {"xinfo|stream", xinfo_stream},
        {"xinfo|groups", xinfo_groups},
        {"xinfo|consumers", xinfo_consumers},
        {"xinfo|help", xinfo_help},
    });
}

}  // namespace cairn

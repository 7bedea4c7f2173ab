// XREAD and XREADGROUP (Redis 7.0 xreadCommand), blocking through server/blocking.hpp: a
// blocked reader's command runs again when one of its streams is written. Before blocking,
// "$" is resolved to each stream's last ID and the count set as Redis does
// (XREAD_BLOCKED_DEFAULT_COUNT), so the re-run reads what Redis's blocked client would.
#include <climits>
#include <string>
#include <string_view>
#include <vector>

#include "clients/client.hpp"
#include "commands/blocking_ops.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/stats.hpp"
#include "commands/stream_ops.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using blocking::retrying;
using db::Object;
using db::ObjType;
using db::StreamID;
using db::StreamValue;
using streams::stream_of;

constexpr long long kBlockedDefaultCount = 1000;

void xread_generic(CommandContext& ctx, bool xreadgroup) {
    long long timeout = -1;
    int64_t deadline = 0;
    long long count = 0;
    size_t streams_arg = 0, streams_count = 0;
    std::string_view groupname, consumername;
    bool has_group = false, noack = false;
    const size_t argc = ctx.argc();
    for (size_t i = 1; i < argc; i++) {
        size_t moreargs = argc - i - 1;
        std::string_view o = ctx.argv[i];
        if (util::iequals(o, "BLOCK") && moreargs) {
            if (ctx.client.flags & kScript) {
                // Redis keeps this refusal for Lua rather than answering as if timed out.
                ctx.reply.error("ERR " + std::string(ctx.argv[0]) +
                                " command is not allowed with BLOCK option from scripts");
                return;
            }
            i++;
            if (!ctx.parse_ll_range(ctx.argv[i], LLONG_MIN, LLONG_MAX, timeout,
                                    "ERR timeout is not an integer or out of range")) {
                return;
            }
            if (timeout < 0) {
                ctx.reply.error("ERR timeout is negative");
                return;
            }
            if (timeout > 0) {
                if (timeout > LLONG_MAX - ctx.now_ms) {
                    ctx.reply.error("ERR timeout is out of range");
                    return;
                }
                deadline = ctx.now_ms + timeout;
            }
        } else if (util::iequals(o, "COUNT") && moreargs) {
            i++;
            if (!ctx.parse_ll(ctx.argv[i], count)) return;
            if (count < 0) count = 0;
        } else if (util::iequals(o, "STREAMS") && moreargs) {
            streams_arg = i + 1;
            streams_count = argc - streams_arg;
            if (streams_count % 2 != 0) {
                std::string msg = "ERR Unbalanced '";
                msg += xreadgroup ? "xreadgroup" : "xread";
                msg += "' list of streams: for each stream key an ID or '";
                msg += xreadgroup ? '>' : '$';
                msg += "' must be specified.";
                ctx.reply.error(msg);
                return;
            }
            streams_count /= 2;
            break;
        } else if (util::iequals(o, "GROUP") && moreargs >= 2) {
            if (!xreadgroup) {
                ctx.reply.error(
                    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD "
                    "instead.");
                return;
            }
            groupname = ctx.argv[i + 1];
            consumername = ctx.argv[i + 2];
            has_group = true;
            i += 2;
        } else if (util::iequals(o, "NOACK")) {
            if (!xreadgroup) {
                ctx.reply.error(
                    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD "
                    "instead.");
                return;
            }
            noack = true;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if (streams_arg == 0) {
        ctx.syntax_error();
        return;
    }
    if (xreadgroup && !has_group) {
        ctx.reply.error("ERR Missing GROUP option for XREADGROUP");
        return;
    }

    // The IDs (and the groups).
    std::vector<StreamID> ids(streams_count);
    std::vector<db::StreamGroup*> groups(streams_count, nullptr);
    std::vector<Object*> objs(streams_count, nullptr);
    for (size_t i = streams_arg + streams_count; i < argc; i++) {
        size_t idx = i - streams_arg - streams_count;
        std::string_view key = ctx.argv[i - streams_count];
        // A re-run serves the key whose write woke it, alone (as Redis serves a ready key).
        if (retrying(ctx) && ctx.client.blocked()->ready_key != key) continue;
        Object* o = ctx.lookup_read(key);
        if (retrying(ctx) && xreadgroup) {
            // A blocked group reader woken after its key went away or its group was destroyed.
            if (!o || o->type != ObjType::Stream) {
                blocking::served(ctx);
                ctx.reply.error("UNBLOCKED the stream key no longer exists");
                return;
            }
            if (!stream_of(*o).group(groupname)) {
                blocking::served(ctx);
                ctx.reply.error(
                    "NOGROUP the consumer group this client was blocked on no longer exists");
                return;
            }
        }
        if (o && o->type != ObjType::Stream) {
            if (retrying(ctx)) return;  // stays blocked: Redis serves readers from streams only
            ctx.wrong_type();
            return;
        }
        objs[idx] = o;
        if (xreadgroup) {
            db::StreamGroup* g = o ? stream_of(*o).group(groupname) : nullptr;
            if (!g) {
                std::string msg = "NOGROUP No such key '";
                msg += key;
                msg += "' or consumer group '";
                msg += groupname;
                msg += "' in XREADGROUP with GROUP option";
                ctx.reply.error(msg);
                return;
            }
            groups[idx] = g;
        }
        std::string_view arg = ctx.argv[i];
        if (arg == "$") {
            if (xreadgroup) {
                ctx.reply.error(
                    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read "
                    "the history of this consumer by specifying a proper ID, or use the > ID to "
                    "get new messages. The $ ID would just return an empty result set.");
                return;
            }
            ids[idx] = o ? stream_of(*o).last_id() : StreamID{};
            continue;
        }
        if (arg == ">") {
            if (!xreadgroup) {
                ctx.reply.error(
                    "ERR The > ID can be specified only when calling XREADGROUP using the "
                    "GROUP <group> <consumer> option.");
                return;
            }
            ids[idx] = StreamID::max();
            continue;
        }
        if (!streams::parse_strict_id(ctx, arg, ids[idx])) return;
    }

    // Which streams can be served now.
    struct Served {
        size_t idx;
        StreamID gt;
        bool history;
    };
    std::vector<Served> served;
    for (size_t i = 0; i < streams_count; i++) {
        std::string_view key = ctx.argv[streams_arg + i];
        if (retrying(ctx) && ctx.client.blocked()->ready_key != key) continue;
        // Redis looks every key up again here (a second keyspace hit or miss).
        Object* o = ctx.lookup_read(key);
        objs[i] = o;
        if (!o || o->type != ObjType::Stream) continue;
        StreamValue& s = stream_of(*o);
        StreamID gt = ids[i];
        bool serve = false, history = false;
        if (xreadgroup) {
            db::StreamGroup* g = groups[i];
            if (!gt.is_max()) {
                serve = history = true;
            } else if (s.length()) {
                if (s.last_valid_id() > g->last_id) {
                    serve = true;
                    gt = g->last_id;
                }
            }
            if (serve) {
                // Redis 7.0.15 creates the consumer only when it serves it.
                bool created;
                db::StreamConsumer& c =
                    streams::consumer_or_create(ctx, *g, key, consumername, created);
                if (created && noack && ctx.propagating()) {
                    ctx.also_propagate({"XGROUP", "CREATECONSUMER", std::string(key),
                                        std::string(groupname), std::string(consumername)});
                }
                c.seen_time = ctx.now_ms;
            }
        } else if (s.length()) {
            if (s.last_valid_id() > gt) serve = true;
        }
        if (serve) served.push_back({i, gt, history});
    }

    if (xreadgroup) ctx.prevent_propagation();
    if (!served.empty()) {
        blocking::served(ctx);
        if (ctx.reply.protocol() == 2) {
            ctx.reply.array(served.size());
        } else {
            ctx.reply.map(served.size());
        }
        for (const Served& sv : served) {
            std::string_view key = ctx.argv[streams_arg + sv.idx];
            StreamValue& s = stream_of(*objs[sv.idx]);
            if (ctx.reply.protocol() == 2) ctx.reply.array(2);
            ctx.reply.bulk(key);
            StreamID start = sv.gt;
            start.incr();
            size_t limit = static_cast<size_t>(count);
            if (xreadgroup) {
                streams::GroupRead gr{key, groupname, groups[sv.idx], consumername, noack};
                if (sv.history) {
                    streams::reply_consumer_pel(ctx, s, start, limit, gr);
                } else {
                    streams::reply_group_range(ctx, s, start, limit, gr);
                }
                ctx.stats().dirty++;
            } else {
                streams::reply_range(ctx, s, start, StreamID::max(), false, limit);
            }
        }
        return;
    }

    if (timeout != -1) {
        if (retrying(ctx)) return;
        if (ctx.client.flags & kDenyBlocking) {
            ctx.reply.null_array();
            return;
        }
        // Re-run form: "$" resolved, the count Redis uses for a blocked reader.
        std::vector<std::string> words;
        words.emplace_back(ctx.argv[0]);
        words.emplace_back("COUNT");
        words.push_back(util::ll_to_string(count ? count : kBlockedDefaultCount));
        words.emplace_back("BLOCK");
        words.emplace_back("0");
        if (xreadgroup) {
            words.emplace_back("GROUP");
            words.emplace_back(groupname);
            words.emplace_back(consumername);
            if (noack) words.emplace_back("NOACK");
        }
        words.emplace_back("STREAMS");
        std::vector<std::string_view> keys;
        for (size_t i = 0; i < streams_count; i++) {
            words.emplace_back(ctx.argv[streams_arg + i]);
            keys.push_back(ctx.argv[streams_arg + i]);
        }
        for (size_t i = 0; i < streams_count; i++) {
            words.push_back(ids[i].is_max() && xreadgroup ? std::string(">") : ids[i].str());
        }
        std::vector<std::string_view> view(words.begin(), words.end());
        ctx.host.block_client(ctx.client, ctx.cmd, view, ctx.client.db_index, keys, deadline,
                              TimeoutReply::NullArray);
        return;
    }
    ctx.reply.null_array();
}

void xread_command(CommandContext& ctx) {
    xread_generic(ctx, false);
}

void xreadgroup_command(CommandContext& ctx) {
    xread_generic(ctx, true);
}

}  // namespace

void register_stream_read_commands(CommandTable& t) {
    t.add_handlers({
        {"xread", xread_command},
        {"xreadgroup", xreadgroup_command},
    });
}

}  // namespace cairn

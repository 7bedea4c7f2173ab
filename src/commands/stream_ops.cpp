#include "commands/stream_ops.hpp"

#include <cctype>
#include <memory>
#include <utility>

#include "clients/client.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "commands/stats.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn::streams {

using db::StreamID;

db::StreamValue& stream_of(db::Object& o) {
    return static_cast<db::StreamValue&>(*o.payload);
}

void subcommand_syntax_error(CommandContext& ctx) {
    std::string name(ctx.argv[0]);
    for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    ctx.reply.error("ERR unknown subcommand or wrong number of arguments for '" +
                    std::string(ctx.argv[1].substr(0, 128)) + "'. Try " + name + " HELP.");
}

db::StreamNodeLimits node_limits(CommandContext& ctx) {
    const config::Config& cfg = ctx.config();
    return {static_cast<size_t>(cfg.stream_node_max_bytes), cfg.stream_node_max_entries};
}

bool parse_strict_id(CommandContext& ctx, std::string_view arg, StreamID& out, uint64_t missing_seq,
                     bool* seq_given) {
    if (!db::parse_stream_id(arg, out, missing_seq, true, seq_given)) {
        ctx.reply.error(kInvalidId);
        return false;
    }
    return true;
}

bool parse_id(CommandContext& ctx, std::string_view arg, StreamID& out, uint64_t missing_seq) {
    if (!db::parse_stream_id(arg, out, missing_seq, false, nullptr)) {
        ctx.reply.error(kInvalidId);
        return false;
    }
    return true;
}

db::Object* create(CommandContext& ctx, std::string_view key) {
    db::Object n;
    n.type = db::ObjType::Stream;
    n.encoding = db::Encoding::Stream;
    n.payload = std::make_unique<db::StreamValue>();
    return ctx.db().add(key, std::move(n), ctx.now_ms);
}

void reply_entry(CommandContext& ctx, const StreamID& id, const std::vector<std::string_view>& fv) {
    ctx.reply.array(2);
    ctx.reply.bulk(id.str());
    ctx.reply.array(fv.size());
    for (std::string_view e : fv) ctx.reply.bulk(e);
}

void reply_range(CommandContext& ctx, const db::StreamValue& s, const StreamID& start,
                 const StreamID& end, bool rev, size_t limit) {
    // The reply is an array of known length: count first.
    size_t n = s.count_range(start, end, limit);
    ctx.reply.array(n);
    if (n == 0) return;
    size_t served = 0;
    s.range(start, end, rev, [&](const StreamID& id, const std::vector<std::string_view>& fv) {
        reply_entry(ctx, id, fv);
        return ++served < n;
    });
}

int parse_add_trim(CommandContext& ctx, AddTrimArgs& args, bool xadd) {
    bool limit_given = false;
    const size_t argc = ctx.argc();
    size_t i = 2;
    for (; i < argc; i++) {
        size_t moreargs = argc - 1 - i;
        std::string_view opt = ctx.argv[i];
        if (xadd && opt == "*") {
            break;
        } else if ((util::iequals(opt, "maxlen") || util::iequals(opt, "minid")) && moreargs) {
            if (args.trim.strategy != db::TrimStrategy::None) {
                ctx.reply.error(
                    "ERR syntax error, MAXLEN and MINID options at the same time are not "
                    "compatible");
                return -1;
            }
            args.trim.approx = false;
            std::string_view next = ctx.argv[i + 1];
            if (moreargs >= 2 && next == "~") {
                args.trim.approx = true;
                i++;
            } else if (moreargs >= 2 && next == "=") {
                i++;
            }
            if (util::iequals(opt, "maxlen")) {
                long long maxlen;
                if (!ctx.parse_ll(ctx.argv[i + 1], maxlen)) return -1;
                if (maxlen < 0) {
                    ctx.reply.error("ERR The MAXLEN argument must be >= 0.");
                    return -1;
                }
                args.trim.maxlen = maxlen;
                args.trim.strategy = db::TrimStrategy::MaxLen;
            } else {
                if (!parse_strict_id(ctx, ctx.argv[i + 1], args.trim.minid)) return -1;
                args.trim.strategy = db::TrimStrategy::MinId;
            }
            i++;
            args.strategy_arg = static_cast<int>(i);
        } else if (util::iequals(opt, "limit") && moreargs) {
            long long limit;
            if (!ctx.parse_ll(ctx.argv[i + 1], limit)) return -1;
            if (limit < 0) {
                ctx.reply.error("ERR The LIMIT argument must be >= 0.");
                return -1;
            }
            args.trim.limit = limit;
            limit_given = true;
            i++;
        } else if (xadd && util::iequals(opt, "nomkstream")) {
            args.no_mkstream = true;
        } else if (xadd) {
            if (!parse_strict_id(ctx, opt, args.id, 0, &args.seq_given)) return -1;
            args.id_given = true;
            break;
        } else {
            ctx.syntax_error();
            return -1;
        }
    }
    if (args.trim.limit && args.trim.strategy == db::TrimStrategy::None) {
        ctx.reply.error(
            "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        return -1;
    }
    if (!xadd && args.trim.strategy == db::TrimStrategy::None) {
        ctx.reply.error("ERR syntax error, XTRIM must be called with a trimming strategy");
        return -1;
    }
    if (ctx.client.flags & kMustObey) {
        // The AOF (or a master): the trim argument was rewritten exactly, no limit applies.
        args.trim.limit = 0;
    } else if (limit_given) {
        if (!args.trim.approx) {
            ctx.reply.error("ERR syntax error, LIMIT cannot be used without the special ~ option");
            return -1;
        }
    } else if (args.trim.approx) {
        long long limit = 100 * ctx.config().stream_node_max_entries;
        if (limit <= 0 || limit > 1000000) limit = 10000;
        args.trim.limit = limit;
    } else {
        args.trim.limit = 0;
    }
    return static_cast<int>(i);
}

void rewrite_trim(CommandContext& ctx, std::vector<std::string>& words, const AddTrimArgs& args,
                  const db::StreamValue& s) {
    (void)ctx;
    words[static_cast<size_t>(args.strategy_arg) - 1] = "=";
    if (args.trim.strategy == db::TrimStrategy::MaxLen) {
        words[static_cast<size_t>(args.strategy_arg)] =
            util::ll_to_string(static_cast<long long>(s.length()));
    } else {
        words[static_cast<size_t>(args.strategy_arg)] = s.edge_id(true, false).str();
    }
}

void signal(CommandContext& ctx, std::string_view key, size_t changes) {
    lists::signal_changes(ctx, ctx.db(), key, changes);
}

db::StreamConsumer& consumer_or_create(CommandContext& ctx, db::StreamGroup& g,
                                       std::string_view key, std::string_view name, bool& created) {
    auto it = g.consumers.find(std::string(name));
    created = false;
    if (it != g.consumers.end()) return it->second;
    created = true;
    db::StreamConsumer& c = g.consumers[std::string(name)];
    c.seen_time = ctx.now_ms;
    ctx.notify(notify::Stream, "xgroup-createconsumer", key);
    ctx.stats().dirty++;
    return c;
}

void propagate_xclaim(CommandContext& ctx, std::string_view key, std::string_view group_name,
                      const db::StreamGroup& g, std::string_view id, const db::StreamNack& nack) {
    if (!ctx.propagating()) return;
    ctx.also_propagate({"XCLAIM", std::string(key), std::string(group_name), nack.consumer, "0",
                        std::string(id), "TIME", util::ll_to_string(nack.delivery_time),
                        "RETRYCOUNT",
                        util::ll_to_string(static_cast<long long>(nack.delivery_count)), "FORCE",
                        "JUSTID", "LASTID", g.last_id.str()});
}

void propagate_setid(CommandContext& ctx, std::string_view key, std::string_view group_name,
                     const db::StreamGroup& g) {
    if (!ctx.propagating()) return;
    ctx.also_propagate({"XGROUP", "SETID", std::string(key), std::string(group_name),
                        g.last_id.str(), "ENTRIESREAD", util::ll_to_string(g.entries_read)});
}

namespace {

// streamReplyWithRange's group side of one delivered entry: the group's last ID and
// entries_read, then (unless NOACK) the entry in the PEL, owned by this consumer.
void group_deliver(CommandContext& ctx, GroupRead& gr, db::StreamValue& s, const StreamID& id,
                   bool& propagate_last_id) {
    db::StreamGroup& g = *gr.group;
    if (id > g.last_id) {
        s.group_advance(g, id);
        // Redis 7.0.15 propagates the group's last ID only for NOACK: otherwise the XCLAIMs
        // carry it (LASTID).
        if (gr.noack) propagate_last_id = true;
    }
    if (gr.noack) return;
    auto [nit, inserted] = g.pel.try_emplace(id);
    db::StreamNack& nack = nit->second;
    if (!inserted) {
        auto old = g.consumers.find(nack.consumer);
        if (old != g.consumers.end()) old->second.pel.erase(id);
    }
    nack.consumer = std::string(gr.consumer);
    nack.delivery_time = ctx.now_ms;
    nack.delivery_count = 1;
    g.consumers[nack.consumer].pel.insert(id);
    propagate_xclaim(ctx, gr.key, gr.group_name, g, id.str(), nack);
}

}  // namespace

size_t reply_group_range(CommandContext& ctx, db::StreamValue& s, const StreamID& start,
                         size_t count, GroupRead& gr) {
    // The reply is an array of known length: count first.
    size_t n = s.count_range(start, StreamID::max(), count);
    ctx.reply.array(n);
    db::StreamGroup& g = *gr.group;
    bool propagate_last_id = false;
    size_t served = 0;
    s.range(start, StreamID::max(), false,
            [&](const StreamID& id, const std::vector<std::string_view>& fv) {
                reply_entry(ctx, id, fv);
                group_deliver(ctx, gr, s, id, propagate_last_id);
                return ++served < n;
            });
    if (propagate_last_id) propagate_setid(ctx, gr.key, gr.group_name, g);
    return n;
}

size_t reply_consumer_pel(CommandContext& ctx, db::StreamValue& s, const StreamID& start,
                          size_t count, GroupRead& gr) {
    db::StreamGroup& g = *gr.group;
    db::StreamConsumer& c = g.consumers[std::string(gr.consumer)];
    std::vector<StreamID> ids;
    for (auto it = c.pel.lower_bound(start); it != c.pel.end(); ++it) {
        if (count && ids.size() >= count) break;
        ids.push_back(*it);
    }
    ctx.reply.array(ids.size());
    for (const StreamID& id : ids) {
        auto reply = [&](const StreamID& eid, const std::vector<std::string_view>& fv) {
            reply_entry(ctx, eid, fv);
            return false;
        };
        if (!s.find(id, reply)) {
            ctx.reply.array(2);
            ctx.reply.bulk(id.str());
            ctx.reply.null_array();
            continue;
        }
        db::StreamNack& nack = g.pel[id];
        nack.delivery_time = ctx.now_ms;
        nack.delivery_count++;
    }
    return ids.size();
}

}  // namespace cairn::streams

// Stream consumer groups (Redis 7.0 t_stream.c): XGROUP CREATE|SETID|DESTROY|
// CREATECONSUMER|DELCONSUMER|HELP, XACK, XPENDING, XCLAIM, XAUTOCLAIM.
#include <climits>
#include <string>
#include <string_view>
#include <vector>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/stats.hpp"
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
using db::StreamNack;
using db::StreamValue;
using streams::stream_of;

using streams::subcommand_syntax_error;

std::string nogroup(std::string_view key, std::string_view group) {
    return "NOGROUP No such key '" + std::string(key) + "' or consumer group '" +
           std::string(group) + "'";
}

void xgroup_generic(CommandContext& ctx) {
    std::string_view opt = ctx.argv[1];
    bool create = util::iequals(opt, "CREATE");
    bool setid = util::iequals(opt, "SETID");
    bool mkstream = false;
    long long entries_read = db::kInvalidEntriesRead;
    StreamValue* s = nullptr;
    StreamGroup* cg = nullptr;
    std::string_view key = ctx.argv[2];
    std::string_view grpname = ctx.argv[3];
    if (create || setid) {
        size_t i = 5;
        while (i < ctx.argc()) {
            if (create && util::iequals(ctx.argv[i], "MKSTREAM")) {
                mkstream = true;
                i++;
            } else if (util::iequals(ctx.argv[i], "ENTRIESREAD") && i + 1 < ctx.argc()) {
                if (!ctx.parse_ll(ctx.argv[i + 1], entries_read)) return;
                if (entries_read < 0 && entries_read != db::kInvalidEntriesRead) {
                    ctx.reply.error("ERR value for ENTRIESREAD must be positive or -1");
                    return;
                }
                i += 2;
            } else {
                subcommand_syntax_error(ctx);
                return;
            }
        }
    }
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::Stream, o) == Lookup::WrongType) return;
    if (o) s = &stream_of(*o);
    if (!mkstream) {
        if (!s) {
            ctx.reply.error(
                "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you "
                "may want to use the MKSTREAM option to create an empty stream automatically.");
            return;
        }
        cg = s->group(grpname);
        if (!cg && !create && !util::iequals(opt, "DESTROY")) {
            ctx.reply.error("NOGROUP No such consumer group '" + std::string(grpname) +
                            "' for key name '" + std::string(key) + "'");
            return;
        }
    } else if (s) {
        cg = s->group(grpname);
    }

    if (create) {
        if (ctx.argc() > 8) {
            subcommand_syntax_error(ctx);
            return;
        }
        StreamID id;
        if (ctx.argv[4] == "$") {
            id = s ? s->last_id() : StreamID{};
        } else if (!streams::parse_strict_id(ctx, ctx.argv[4], id)) {
            return;
        }
        if (!s) {
            o = streams::create(ctx, key);
            s = &stream_of(*o);
            ctx.key_modified(key);
            ctx.stats().dirty--;  // signalModifiedKey only; the group creation counts below
        }
        if (s->group(grpname)) {
            ctx.reply.error("BUSYGROUP Consumer Group name already exists");
            return;
        }
        StreamGroup& g = s->groups()[std::string(grpname)];
        g.last_id = id;
        g.entries_read = entries_read;
        ctx.reply.ok();
        ctx.stats().dirty++;
        ctx.notify(notify::Stream, "xgroup-create", key);
    } else if (setid) {
        if (ctx.argc() != 5 && ctx.argc() != 7) {
            subcommand_syntax_error(ctx);
            return;
        }
        StreamID id;
        if (ctx.argv[4] == "$") {
            id = s->last_id();
        } else if (!streams::parse_id(ctx, ctx.argv[4], id, 0)) {
            return;
        }
        cg->last_id = id;
        cg->entries_read = entries_read;
        ctx.reply.ok();
        ctx.stats().dirty++;
        ctx.notify(notify::Stream, "xgroup-setid", key);
    } else if (util::iequals(opt, "DESTROY")) {
        if (cg) {
            s->groups().erase(std::string(grpname));
            ctx.reply.integer(1);
            ctx.stats().dirty++;
            ctx.notify(notify::Stream, "xgroup-destroy", key);
            // Blocked XREADGROUP readers of the group get -NOGROUP.
            ctx.host.signal_key_ready(ctx.client.db_index, key);
        } else {
            ctx.reply.integer(0);
        }
    } else if (util::iequals(opt, "CREATECONSUMER")) {
        bool created;
        streams::consumer_or_create(ctx, *cg, key, ctx.argv[4], created);
        ctx.reply.integer(created ? 1 : 0);
    } else if (util::iequals(opt, "DELCONSUMER")) {
        auto it = cg->consumers.find(std::string(ctx.argv[4]));
        if (it == cg->consumers.end()) {
            ctx.reply.integer(0);
            return;
        }
        long long pending = static_cast<long long>(it->second.pel.size());
        for (const StreamID& id : it->second.pel) cg->pel.erase(id);
        cg->consumers.erase(it);
        ctx.reply.integer(pending);
        ctx.stats().dirty++;
        ctx.notify(notify::Stream, "xgroup-delconsumer", key);
    } else {
        subcommand_syntax_error(ctx);
    }
}

void xgroup_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

void xack_command(CommandContext& ctx) {
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::Stream, o) == Lookup::WrongType) return;
    StreamGroup* g = o ? stream_of(*o).group(ctx.argv[2]) : nullptr;
    if (!g) {
        ctx.reply.integer(0);
        return;
    }
    std::vector<StreamID> ids(ctx.argc() - 3);
    for (size_t j = 3; j < ctx.argc(); j++) {
        if (!streams::parse_strict_id(ctx, ctx.argv[j], ids[j - 3])) return;
    }
    long long acked = 0;
    for (const StreamID& id : ids) {
        auto it = g->pel.find(id);
        if (it == g->pel.end()) continue;
        auto c = g->consumers.find(it->second.consumer);
        if (c != g->consumers.end()) c->second.pel.erase(id);
        g->pel.erase(it);
        acked++;
        ctx.stats().dirty++;
    }
    ctx.reply.integer(acked);
}

void xpending_command(CommandContext& ctx) {
    const size_t argc = ctx.argc();
    bool justinfo = argc == 3;
    std::string_view key = ctx.argv[1];
    std::string_view groupname = ctx.argv[2];
    StreamID startid, endid;
    long long count = 0, minidle = 0;
    std::string_view consumername;
    bool has_consumer = false;
    if (argc != 3 && (argc < 6 || argc > 9)) {
        ctx.syntax_error();
        return;
    }
    if (argc >= 6) {
        size_t startidx = 3;
        if (util::iequals(ctx.argv[3], "IDLE")) {
            if (!ctx.parse_ll(ctx.argv[4], minidle)) return;
            if (argc < 8) {
                ctx.syntax_error();
                return;
            }
            startidx += 2;
        }
        if (!ctx.parse_ll(ctx.argv[startidx + 2], count)) return;
        if (count < 0) count = 0;
        auto parse_interval = [&](std::string_view arg, StreamID& id, uint64_t missing, bool& ex) {
            ex = arg.size() > 1 && arg[0] == '(';
            if (ex) return streams::parse_strict_id(ctx, arg.substr(1), id, missing);
            return streams::parse_id(ctx, arg, id, missing);
        };
        bool startex, endex;
        if (!parse_interval(ctx.argv[startidx], startid, 0, startex)) return;
        if (startex && !startid.incr()) {
            ctx.reply.error("ERR invalid start ID for the interval");
            return;
        }
        if (!parse_interval(ctx.argv[startidx + 1], endid, UINT64_MAX, endex)) return;
        if (endex && !endid.decr()) {
            ctx.reply.error("ERR invalid end ID for the interval");
            return;
        }
        if (startidx + 3 < argc) {
            consumername = ctx.argv[startidx + 3];
            has_consumer = true;
        }
    }
    Object* o;
    if (ctx.lookup_read_as(key, ObjType::Stream, o) == Lookup::WrongType) return;
    StreamGroup* g = o ? stream_of(*o).group(groupname) : nullptr;
    if (!g) {
        ctx.reply.error(nogroup(key, groupname));
        return;
    }
    if (justinfo) {
        ctx.reply.array(4);
        ctx.reply.integer(static_cast<long long>(g->pel.size()));
        if (g->pel.empty()) {
            ctx.reply.null();
            ctx.reply.null();
            ctx.reply.null_array();
            return;
        }
        ctx.reply.bulk(g->pel.begin()->first.str());
        ctx.reply.bulk(g->pel.rbegin()->first.str());
        size_t n = 0;
        for (const auto& [name, c] : g->consumers) n += c.pel.empty() ? 0 : 1;
        ctx.reply.array(n);
        for (const auto& [name, c] : g->consumers) {
            if (c.pel.empty()) continue;
            ctx.reply.array(2);
            ctx.reply.bulk(name);
            ctx.reply.bulk(util::ll_to_string(static_cast<long long>(c.pel.size())));
        }
        return;
    }
    const db::StreamConsumer* consumer = nullptr;
    if (has_consumer) {
        auto it = g->consumers.find(std::string(consumername));
        if (it == g->consumers.end()) {
            ctx.reply.array(0);
            return;
        }
        consumer = &it->second;
    }
    std::vector<std::pair<StreamID, const StreamNack*>> out;
    auto visit = [&](const StreamID& id) {
        const StreamNack& nack = g->pel.at(id);
        if (minidle && ctx.now_ms - nack.delivery_time < minidle) return;
        out.emplace_back(id, &nack);
        count--;
    };
    if (consumer) {
        for (auto it = consumer->pel.lower_bound(startid);
             count && it != consumer->pel.end() && *it <= endid; ++it) {
            visit(*it);
        }
    } else {
        for (auto it = g->pel.lower_bound(startid);
             count && it != g->pel.end() && it->first <= endid; ++it) {
            visit(it->first);
        }
    }
    ctx.reply.array(out.size());
    for (const auto& [id, nack] : out) {
        ctx.reply.array(4);
        ctx.reply.bulk(id.str());
        ctx.reply.bulk(nack->consumer);
        long long elapsed = ctx.now_ms - nack->delivery_time;
        ctx.reply.integer(elapsed < 0 ? 0 : elapsed);
        ctx.reply.integer(static_cast<long long>(nack->delivery_count));
    }
}

// Moves a NACK to consumer `name` (creating the consumer).
void assign(CommandContext& ctx, StreamGroup& g, std::string_view key, std::string_view name,
            const StreamID& id, StreamNack& nack, bool had_owner) {
    bool created;
    streams::consumer_or_create(ctx, g, key, name, created).seen_time = ctx.now_ms;
    if (nack.consumer != name) {
        if (had_owner) {
            auto old = g.consumers.find(nack.consumer);
            if (old != g.consumers.end()) old->second.pel.erase(id);
        }
        nack.consumer = std::string(name);
        g.consumers[nack.consumer].pel.insert(id);
    } else if (!had_owner) {
        g.consumers[nack.consumer].pel.insert(id);
    }
}

void reply_claimed(CommandContext& ctx, StreamValue& s, const StreamID& id, bool justid) {
    if (justid) {
        ctx.reply.bulk(id.str());
        return;
    }
    auto reply = [&](const StreamID& eid, const std::vector<std::string_view>& fv) {
        streams::reply_entry(ctx, eid, fv);
        return false;
    };
    if (!s.find(id, reply)) ctx.reply.null();
}

void xclaim_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    std::string_view groupname = ctx.argv[2];
    Object* o;
    if (ctx.lookup_read_as(key, ObjType::Stream, o) == Lookup::WrongType) return;
    StreamGroup* g = o ? stream_of(*o).group(groupname) : nullptr;
    if (!g) {
        ctx.reply.error(nogroup(key, groupname));
        return;
    }
    StreamValue& s = stream_of(*o);
    long long minidle;
    if (!ctx.parse_ll_range(ctx.argv[4], LLONG_MIN, LLONG_MAX, minidle,
                            "ERR Invalid min-idle-time argument for XCLAIM")) {
        return;
    }
    if (minidle < 0) minidle = 0;
    std::vector<StreamID> ids;
    size_t j = 5;
    for (; j < ctx.argc(); j++) {
        StreamID id;
        if (!db::parse_stream_id(ctx.argv[j], id, 0, true, nullptr)) break;
        ids.push_back(id);
    }
    size_t last_id_arg = j - 1;
    const int64_t now = ctx.now_ms;
    long long retrycount = -1, deliverytime = -1;
    bool force = false, justid = false;
    StreamID last_id;
    bool propagate_last_id = false;
    for (; j < ctx.argc(); j++) {
        size_t moreargs = ctx.argc() - 1 - j;
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "FORCE")) {
            force = true;
        } else if (util::iequals(opt, "JUSTID")) {
            justid = true;
        } else if (util::iequals(opt, "IDLE") && moreargs) {
            j++;
            if (!ctx.parse_ll_range(ctx.argv[j], LLONG_MIN, LLONG_MAX, deliverytime,
                                    "ERR Invalid IDLE option argument for XCLAIM")) {
                return;
            }
            deliverytime = now - deliverytime;
        } else if (util::iequals(opt, "TIME") && moreargs) {
            j++;
            if (!ctx.parse_ll_range(ctx.argv[j], LLONG_MIN, LLONG_MAX, deliverytime,
                                    "ERR Invalid TIME option argument for XCLAIM")) {
                return;
            }
        } else if (util::iequals(opt, "RETRYCOUNT") && moreargs) {
            j++;
            if (!ctx.parse_ll_range(ctx.argv[j], LLONG_MIN, LLONG_MAX, retrycount,
                                    "ERR Invalid RETRYCOUNT option argument for XCLAIM")) {
                return;
            }
        } else if (util::iequals(opt, "LASTID") && moreargs) {
            j++;
            if (!streams::parse_strict_id(ctx, ctx.argv[j], last_id)) return;
        } else {
            ctx.reply.error("ERR Unrecognized XCLAIM option '" + std::string(opt) + "'");
            return;
        }
    }
    if (last_id > g->last_id) {
        g->last_id = last_id;
        propagate_last_id = true;
    }
    if (deliverytime != -1) {
        if (deliverytime < 0 || deliverytime > now) deliverytime = now;
    } else {
        deliverytime = now;
    }
    ctx.prevent_propagation();
    std::string_view name = ctx.argv[3];
    std::vector<StreamID> claimed;
    // Replies are counted first: collect, then write.
    struct Out {
        StreamID id;
    };
    std::vector<Out> out;
    for (size_t k = 5; k <= last_id_arg; k++) {
        const StreamID& id = ids[k - 5];
        auto nit = g->pel.find(id);
        if (!s.find(id)) {
            if (nit != g->pel.end()) {
                streams::propagate_xclaim(ctx, key, groupname, *g, ctx.argv[k], nit->second);
                propagate_last_id = false;
                ctx.stats().dirty++;
                auto c = g->consumers.find(nit->second.consumer);
                if (c != g->consumers.end()) c->second.pel.erase(id);
                g->pel.erase(nit);
            }
            continue;
        }
        bool had_owner = true;
        if (force && nit == g->pel.end()) {
            nit = g->pel.try_emplace(id).first;
            nit->second.consumer.clear();
            nit->second.delivery_time = now;
            nit->second.delivery_count = 1;
            had_owner = false;
        }
        if (nit == g->pel.end()) continue;
        StreamNack& nack = nit->second;
        if (had_owner && minidle && now - nack.delivery_time < minidle) continue;
        assign(ctx, *g, key, name, id, nack, had_owner);
        nack.delivery_time = deliverytime;
        if (retrycount >= 0) {
            nack.delivery_count = static_cast<uint64_t>(retrycount);
        } else if (!justid) {
            nack.delivery_count++;
        }
        out.push_back({id});
        streams::propagate_xclaim(ctx, key, groupname, *g, ctx.argv[k], nack);
        propagate_last_id = false;
        ctx.stats().dirty++;
    }
    if (propagate_last_id) {
        streams::propagate_setid(ctx, key, groupname, *g);
        ctx.stats().dirty++;
    }
    ctx.reply.array(out.size());
    for (const Out& e : out) reply_claimed(ctx, s, e.id, justid);
}

void xautoclaim_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    std::string_view groupname = ctx.argv[2];
    Object* o = ctx.lookup_read(key);  // before the arguments, as Redis (a hit or a miss)
    long long minidle;
    if (!ctx.parse_ll_range(ctx.argv[4], LLONG_MIN, LLONG_MAX, minidle,
                            "ERR Invalid min-idle-time argument for XAUTOCLAIM")) {
        return;
    }
    if (minidle < 0) minidle = 0;
    StreamID startid;
    std::string_view sarg = ctx.argv[5];
    bool startex = sarg.size() > 1 && sarg[0] == '(';
    if (startex) {
        if (!streams::parse_strict_id(ctx, sarg.substr(1), startid)) return;
    } else if (!streams::parse_id(ctx, sarg, startid, 0)) {
        return;
    }
    if (startex && !startid.incr()) {
        ctx.reply.error("ERR invalid start ID for the interval");
        return;
    }
    long long count = 100;
    bool justid = false;
    constexpr long long kAttemptsFactor = 10;
    for (size_t j = 6; j < ctx.argc(); j++) {
        size_t moreargs = ctx.argc() - 1 - j;
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "COUNT") && moreargs) {
            long long max_count = LONG_MAX / 16;
            if (!ctx.parse_ll_range(ctx.argv[j + 1], 1, max_count, count,
                                    "ERR COUNT must be > 0")) {
                return;
            }
            j++;
        } else if (util::iequals(opt, "JUSTID")) {
            justid = true;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if (!ctx.type_ok_or_reply(o, ObjType::Stream)) return;
    StreamGroup* g = o ? stream_of(*o).group(groupname) : nullptr;
    if (!g) {
        ctx.reply.error(nogroup(key, groupname));
        return;
    }
    ctx.prevent_propagation();
    StreamValue& s = stream_of(*o);
    const int64_t now = ctx.now_ms;
    std::string_view name = ctx.argv[3];
    long long attempts = count * kAttemptsFactor;
    std::vector<StreamID> claimed, deleted;
    auto it = g->pel.lower_bound(startid);
    while (attempts-- && count && it != g->pel.end()) {
        StreamID id = it->first;
        StreamNack& nack = it->second;
        if (!s.find(id)) {
            streams::propagate_xclaim(ctx, key, groupname, *g, id.str(), nack);
            ctx.stats().dirty++;
            auto c = g->consumers.find(nack.consumer);
            if (c != g->consumers.end()) c->second.pel.erase(id);
            it = g->pel.erase(it);
            deleted.push_back(id);
            count--;
            continue;
        }
        if (minidle && now - nack.delivery_time < minidle) {
            ++it;
            continue;
        }
        assign(ctx, *g, key, name, id, nack, true);
        nack.delivery_time = now;
        if (!justid) nack.delivery_count++;
        claimed.push_back(id);
        count--;
        streams::propagate_xclaim(ctx, key, groupname, *g, id.str(), nack);
        ctx.stats().dirty++;
        ++it;
    }
    StreamID endid = it == g->pel.end() ? StreamID{} : it->first;
    ctx.reply.array(3);
    ctx.reply.bulk(endid.str());
    ctx.reply.array(claimed.size());
    for (const StreamID& id : claimed) reply_claimed(ctx, s, id, justid);
    ctx.reply.array(deleted.size());
    for (const StreamID& id : deleted) ctx.reply.bulk(id.str());
}

}  // namespace

void register_stream_group_commands(CommandTable& t) {
    t.add_handlers({
        {"xgroup|create", xgroup_generic},
        {"xgroup|setid", xgroup_generic},
        {"xgroup|destroy", xgroup_generic},
        {"xgroup|createconsumer", xgroup_generic},
        {"xgroup|delconsumer", xgroup_generic},
        {"xgroup|help", xgroup_help},
        {"xack", xack_command},
        {"xpending", xpending_command},
        {"xclaim", xclaim_command},
        {"xautoclaim", xautoclaim_command},
    });
}

}  // namespace cairn

// Stream commands on entries (Redis 7.0 t_stream.c): XADD XRANGE XREVRANGE XLEN XDEL XTRIM
// XSETID. Groups are in stream_groups.cpp, reads in stream_read.cpp, XINFO in stream_info.cpp.
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
using db::StreamID;
using db::StreamValue;
using streams::stream_of;

std::vector<std::string> words_of(const CommandContext& ctx) {
    return {ctx.argv.begin(), ctx.argv.end()};
}

void xadd_command(CommandContext& ctx) {
    streams::AddTrimArgs args;
    int idpos = streams::parse_add_trim(ctx, args, true);
    if (idpos < 0) return;
    size_t field_pos = static_cast<size_t>(idpos) + 1;
    if (ctx.argc() < field_pos + 2 || (ctx.argc() - field_pos) % 2 == 1) {
        ctx.reply.error("ERR wrong number of arguments for 'xadd' command");
        return;
    }
    if (args.id_given && args.seq_given && args.id.is_zero()) {
        ctx.reply.error("ERR The ID specified in XADD must be greater than 0-0");
        return;
    }
    std::string_view key = ctx.argv[1];
    Object* o;
    if (ctx.lookup_write_as(key, ObjType::Stream, o) == Lookup::WrongType) return;
    if (!o) {
        if (args.no_mkstream) {
            ctx.reply.null();
            return;
        }
        o = streams::create(ctx, key);
    }
    StreamValue& s = stream_of(*o);
    if (s.last_id().is_max()) {
        ctx.reply.error(
            "ERR The stream has exhausted the last possible ID, unable to add more items");
        return;
    }
    std::vector<std::string_view> fv(ctx.argv.begin() + static_cast<long>(field_pos),
                                     ctx.argv.end());
    StreamID id;
    auto r = s.append(fv, args.id_given ? &args.id : nullptr, args.seq_given, ctx.now_ms,
                      streams::node_limits(ctx), id);
    if (r != StreamValue::AppendResult::Ok) {
        if (r == StreamValue::AppendResult::IdTooSmall) {
            ctx.reply.error(
                "ERR The ID specified in XADD is equal or smaller than the target stream top "
                "item");
        } else {
            ctx.reply.error("ERR Elements are too large to be stored");
        }
        return;
    }
    ctx.reply.bulk(id.str());
    streams::signal(ctx, key, 1);
    ctx.notify(notify::Stream, "xadd", key);
    std::vector<std::string> words;
    bool rewrite = false;
    if (args.trim.strategy != db::TrimStrategy::None) {
        if (s.trim(args.trim)) ctx.notify(notify::Stream, "xtrim", key);
        if (args.trim.approx) {
            words = words_of(ctx);
            streams::rewrite_trim(ctx, words, args, s);
            rewrite = true;
        }
    }
    if (!args.id_given || !args.seq_given) {
        if (!rewrite) words = words_of(ctx);
        words[static_cast<size_t>(idpos)] = id.str();
        rewrite = true;
    }
    if (rewrite) ctx.propagate_as(std::move(words));
}

void xrange_generic(CommandContext& ctx, bool rev) {
    std::string_view startarg = rev ? ctx.argv[3] : ctx.argv[2];
    std::string_view endarg = rev ? ctx.argv[2] : ctx.argv[3];
    StreamID start, end;
    auto parse_interval = [&](std::string_view arg, StreamID& id, uint64_t missing, bool& ex) {
        ex = arg.size() > 1 && arg[0] == '(';
        if (ex) return streams::parse_strict_id(ctx, arg.substr(1), id, missing);
        return streams::parse_id(ctx, arg, id, missing);
    };
    bool startex, endex;
    if (!parse_interval(startarg, start, 0, startex)) return;
    if (startex && !start.incr()) {
        ctx.reply.error("ERR invalid start ID for the interval");
        return;
    }
    if (!parse_interval(endarg, end, UINT64_MAX, endex)) return;
    if (endex && !end.decr()) {
        ctx.reply.error("ERR invalid end ID for the interval");
        return;
    }
    long long count = -1;
    for (size_t j = 4; j < ctx.argc(); j++) {
        size_t additional = ctx.argc() - j - 1;
        if (util::iequals(ctx.argv[j], "COUNT") && additional >= 1) {
            if (!ctx.parse_ll(ctx.argv[j + 1], count)) return;
            if (count < 0) count = 0;
            j++;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    Object* o;
    Lookup l = ctx.lookup_read_as(ctx.argv[1], ObjType::Stream, o);
    if (l == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.array(0);
        return;
    }
    if (count == 0) {
        ctx.reply.null_array();
        return;
    }
    size_t limit = count == -1 ? 0 : static_cast<size_t>(count);
    StreamValue& s = stream_of(*o);
    streams::reply_range(ctx, s, start, end, rev, limit);
}

void xrange_command(CommandContext& ctx) {
    xrange_generic(ctx, false);
}

void xrevrange_command(CommandContext& ctx) {
    xrange_generic(ctx, true);
}

void xlen_command(CommandContext& ctx) {
    Object* o;
    if (ctx.lookup_read_as(ctx.argv[1], ObjType::Stream, o) == Lookup::WrongType) return;
    ctx.reply.integer(o ? static_cast<long long>(stream_of(*o).length()) : 0);
}

void xdel_command(CommandContext& ctx) {
    Object* o;
    if (ctx.lookup_write_as(ctx.argv[1], ObjType::Stream, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    std::vector<StreamID> ids(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); j++) {
        if (!streams::parse_strict_id(ctx, ctx.argv[j], ids[j - 2])) return;
    }
    StreamValue& s = stream_of(*o);
    std::vector<StreamID> removed;
    for (const StreamID& id : ids) {
        if (s.remove(id)) removed.push_back(id);
    }
    s.after_delete(removed);
    if (!removed.empty()) {
        streams::signal(ctx, ctx.argv[1], removed.size());
        ctx.notify(notify::Stream, "xdel", ctx.argv[1]);
    }
    ctx.reply.integer(static_cast<long long>(removed.size()));
}

void xtrim_command(CommandContext& ctx) {
    streams::AddTrimArgs args;
    if (streams::parse_add_trim(ctx, args, false) < 0) return;
    Object* o;
    if (ctx.lookup_write_as(ctx.argv[1], ObjType::Stream, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    StreamValue& s = stream_of(*o);
    int64_t deleted = s.trim(args.trim);
    if (deleted) {
        ctx.notify(notify::Stream, "xtrim", ctx.argv[1]);
        if (args.trim.approx) {
            std::vector<std::string> words = words_of(ctx);
            streams::rewrite_trim(ctx, words, args, s);
            ctx.propagate_as(std::move(words));
        }
        streams::signal(ctx, ctx.argv[1], static_cast<size_t>(deleted));
    }
    ctx.reply.integer(deleted);
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
void xsetid_command(CommandContext& ctx) {
    StreamID id, max_xdel;
    long long entries_added = -1;
    if (!streams::parse_strict_id(ctx, ctx.argv[2], id)) return;
    for (size_t i = 3; i < ctx.argc(); i++) {
        size_t moreargs = ctx.argc() - 1 - i;
        std::string_view opt = ctx.argv[i];
        if (util::iequals(opt, "ENTRIESADDED") && moreargs) {
            if (!ctx.parse_ll(ctx.argv[i + 1], entries_added)) return;
            if (entries_added < 0) {
                ctx.reply.error("ERR entries_added must be positive");
                return;
            }
            i++;
        } else if (util::iequals(opt, "MAXDELETEDID") && moreargs) {
            if (!streams::parse_strict_id(ctx, ctx.argv[i + 1], max_xdel)) return;
            if (id < max_xdel) {
                ctx.reply.error(
                    "ERR The ID specified in XSETID is smaller than the provided "
                    "max_deleted_entry_id");
                return;
            }
            i++;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    Object* o;
    if (ctx.lookup_write_as(ctx.argv[1], ObjType::Stream, o) == Lookup::WrongType) return;
    if (!o) {
        ctx.reply.error(errors::kNoSuchKey);
        return;
    }
    StreamValue& s = stream_of(*o);
    if (s.length() > 0) {
        StreamID maxid = s.last_valid_id();
        if (id < maxid) {
            ctx.reply.error(
                "ERR The ID specified in XSETID is smaller than the target stream top item");
            return;
        }
        if (entries_added != -1 && static_cast<long long>(s.length()) > entries_added) {
            ctx.reply.error(
                "ERR The entries_added specified in XSETID is smaller than the target stream "
                "length");
            return;
        }
    }
    s.set_last_id(id);
    if (entries_added != -1) s.set_entries_added(static_cast<uint64_t>(entries_added));
    if (!max_xdel.is_zero()) s.set_max_deleted_id(max_xdel);
    streams::signal(ctx, ctx.argv[1], 1);
    ctx.notify(notify::Stream, "xsetid", ctx.argv[1]);
    ctx.reply.ok();
}

}  // namespace

void register_stream_commands(CommandTable& t) {
    t.add_handlers({
        {"xadd", xadd_command},
        {"xrange", xrange_command},
        {"xrevrange", xrevrange_command},
        {"xlen", xlen_command},
        {"xdel", xdel_command},
        {"xtrim", xtrim_command},
        {"xsetid", xsetid_command},
    });
}

}  // namespace cairn

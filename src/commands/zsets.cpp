// Sorted-set commands (Redis 7.0 t_zset.c), the point and pop ones: ZADD ZINCRBY ZREM ZCARD
// ZSCORE ZMSCORE ZRANK ZREVRANK ZPOPMIN ZPOPMAX ZMPOP ZRANDMEMBER ZSCAN, plus the shared
// primitives of zset_ops.hpp. Ranges are in zset_ranges.cpp, ZUNION/ZINTER/ZDIFF in
// zset_store_ops.cpp, the blocking pops in blocking_zsets.cpp.
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "clients/client.hpp"
#include "commands/collection_scan.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "commands/mpop_args.hpp"
#include "commands/zset_ops.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/dict.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace zsets {

using db::Object;
using db::ObjType;

db::ZSetLimits limits_of(const config::Config& cfg) {
    db::ZSetLimits l;
    l.max_entries = static_cast<size_t>(cfg.zset_max_listpack_entries);
    l.max_value = static_cast<size_t>(cfg.zset_max_listpack_value);
    return l;
}

bool zset_or_missing(CommandContext& ctx, const Object* o) {
    return ctx.type_ok_or_reply(o, ObjType::ZSet);
}

Object make_zset() {
    Object o;
    o.type = ObjType::ZSet;
    o.encoding = db::Encoding::ListPack;
    o.payload = std::make_unique<db::ZSetValue>();
    return o;
}

bool zset_add(Object& o, double score, std::string_view member, int flags,
              const db::ZSetLimits& limits, int& result, double& newscore) {
    const bool incr = flags & kAddIncr;
    const bool nx = flags & kAddNx;
    const bool xx = flags & kAddXx;
    const bool gt = flags & kAddGt;
    const bool lt = flags & kAddLt;
    result = 0;
    if (std::isnan(score)) return false;
    db::ZSetValue& z = zset_of(o);
    db::ZSetValue::Found found;
    if (std::optional<double> cur = z.score(member, found)) {
        if (nx) {
            result = kNop;
            return true;
        }
        if (incr) {
            score += *cur;
            if (std::isnan(score)) return false;
        }
        if ((lt && score >= *cur) || (gt && score <= *cur)) {
            result = kNop;
            return true;
        }
        newscore = score;
        if (score != *cur) {
            z.update(member, *cur, score, found);
            result = kUpdated;
        }
        return true;
    }
    if (xx) {
        result = kNop;
        return true;
    }
    z.insert(member, score, limits);
    sync_encoding(o);
    newscore = score;
    result = kAdded;
    return true;
}

void reply_elements_header(CommandContext& ctx, size_t n, bool withscores) {
    ctx.reply.array(withscores && ctx.reply.protocol() == 2 ? n * 2 : n);
}

void reply_element(CommandContext& ctx, std::string_view member, double score, bool withscores) {
    if (withscores && ctx.reply.protocol() > 2) ctx.reply.array(2);
    ctx.reply.bulk(member);
    if (withscores) ctx.reply.dbl(score);
}

std::string popped_count(const Object& o, size_t count) {
    const size_t n = std::min(count, zset_of(o).size());
    return util::ll_to_string(static_cast<long long>(n));
}

void pop_reply(CommandContext& ctx, std::string_view key, Object& o, bool max, size_t count,
               PopShape shape) {
    db::ZSetValue& z = zset_of(o);
    const size_t n = std::min(count, z.size());
    switch (shape) {
        case PopShape::Flat:
            ctx.reply.array(n * 2);
            break;
        case PopShape::Nested:
            ctx.reply.array(n);
            break;
        case PopShape::FlatKey:
            ctx.reply.array(n * 2 + 1);
            ctx.reply.bulk(key);
            break;
        case PopShape::NestedKey:
            ctx.reply.array(2);
            ctx.reply.bulk(key);
            ctx.reply.array(n);
            break;
    }
    // Redis notifies on its first pop, after the reply's headers and before the elements.
    if (n) ctx.notify(notify::Zset, max ? "zpopmax" : "zpopmin", key);
    const bool nested = shape == PopShape::Nested || shape == PopShape::NestedKey;
    const size_t len = z.size();
    z.for_range(max ? len - 1 : 0, n, max, [&](std::string_view m, double s) {
        if (nested) ctx.reply.array(2);
        ctx.reply.bulk(m);
        ctx.reply.dbl(s);
    });
    if (max) {
        z.erase_rank_range(len - n, len);
    } else {
        z.erase_rank_range(0, n);
    }
    lists::elements_removed(ctx, key, z.empty(), n, notify::Zset, {});
}

bool parse_mpop(CommandContext& ctx, size_t numkeys_idx, MpopArgs& out) {
    auto where = [&](std::string_view w) {
        if (util::iequals(w, "min")) {
            out.max = false;
        } else if (util::iequals(w, "max")) {
            out.max = true;
        } else {
            ctx.syntax_error();
            return false;
        }
        return true;
    };
    return parse_mpop_args(ctx, numkeys_idx, where, out.keys, out.count);
}

}  // namespace zsets

namespace {

using db::Object;
using db::ObjType;
using zsets::zset_of;
using zsets::zset_or_missing;

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY

void zadd_generic(CommandContext& ctx, int flags) {
    const auto& argv = ctx.argv;
    size_t scoreidx = 2;
    bool ch = false;  // CH only changes the reply: added + updated instead of added
    for (; scoreidx < argv.size(); scoreidx++) {
        std::string_view opt = argv[scoreidx];
        if (util::iequals(opt, "nx")) {
            flags |= zsets::kAddNx;
        } else if (util::iequals(opt, "xx")) {
            flags |= zsets::kAddXx;
        } else if (util::iequals(opt, "ch")) {
            ch = true;
        } else if (util::iequals(opt, "incr")) {
            flags |= zsets::kAddIncr;
        } else if (util::iequals(opt, "gt")) {
            flags |= zsets::kAddGt;
        } else if (util::iequals(opt, "lt")) {
            flags |= zsets::kAddLt;
        } else {
            break;
        }
    }
    const bool incr = flags & zsets::kAddIncr;
    const bool nx = flags & zsets::kAddNx;
    const bool xx = flags & zsets::kAddXx;
    const bool gt = flags & zsets::kAddGt;
    const bool lt = flags & zsets::kAddLt;

    size_t elements = argv.size() - scoreidx;
    if (elements % 2 || elements == 0) {
        ctx.syntax_error();
        return;
    }
    elements /= 2;
    if (nx && xx) {
        ctx.reply.error("ERR XX and NX options at the same time are not compatible");
        return;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
        ctx.reply.error("ERR GT, LT, and/or NX options at the same time are not compatible");
        return;
    }
    if (incr && elements > 1) {
        ctx.reply.error("ERR INCR option supports a single increment-element pair");
        return;
    }
    // Every score is parsed before anything changes: the command runs fully or not at all.
    std::vector<double> scores(elements);
    for (size_t j = 0; j < elements; j++) {
        if (!ctx.parse_double(argv[scoreidx + j * 2], scores[j])) return;
    }

    std::string_view key = argv[1];
    Object* o = ctx.lookup_write(key);
    if (!zset_or_missing(ctx, o)) return;
    db::Database& d = ctx.db();
    size_t added = 0, updated = 0, processed = 0;
    double score = 0;
    bool nan_error = false;
    if (o || !xx) {
        if (!o) o = d.add(key, zsets::make_zset(), ctx.now_ms);
        const db::ZSetLimits limits = zsets::limits_of(ctx.config());
        for (size_t j = 0; j < elements; j++) {
            int result;
            double newscore = scores[j];
            if (!zsets::zset_add(*o, scores[j], argv[scoreidx + 1 + j * 2], flags, limits, result,
                                 newscore)) {
                nan_error = true;
                break;
            }
            if (result & zsets::kAdded) added++;
            if (result & zsets::kUpdated) updated++;
            if (!(result & zsets::kNop)) processed++;
            score = newscore;
        }
        if (zset_of(*o).empty()) d.remove(key);
    }
    if (added || updated) lists::signal_changes(ctx, d, key, added + updated);
    if (nan_error) {
        ctx.reply.error("ERR resulting score is not a number (NaN)");
    } else if (incr) {
        if (processed) {
            ctx.reply.dbl(score);
        } else {
            ctx.reply.null();
        }
    } else {
        ctx.reply.integer(static_cast<long long>(ch ? added + updated : added));
    }
    // Redis notifies in its cleanup, after the reply (a RESP3 subscriber sees it second).
    if (added || updated) ctx.notify(notify::Zset, incr ? "zincr" : "zadd", key);
}

void zadd_command(CommandContext& ctx) {
    zadd_generic(ctx, 0);
}

void zincrby_command(CommandContext& ctx) {
    zadd_generic(ctx, zsets::kAddIncr);
}

// ---------------------------------------------------------------------------------------------
// Point reads and ZREM

void zrem_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    Object* o = ctx.lookup_write(key);
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (!zset_or_missing(ctx, o)) return;
    db::ZSetValue& z = zset_of(*o);
    size_t deleted = 0;
    for (size_t j = 2; j < ctx.argc(); j++) {
        if (z.erase(ctx.argv[j])) deleted++;
        if (z.empty()) break;
    }
    if (deleted) lists::elements_removed(ctx, key, z.empty(), deleted, notify::Zset, "zrem");
    ctx.reply.integer(static_cast<long long>(deleted));
}

void zcard_command(CommandContext& ctx) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zset_or_missing(ctx, o)) return;
    ctx.reply.integer(o ? static_cast<long long>(zset_of(*o).size()) : 0);
}

void zscore_command(CommandContext& ctx) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zset_or_missing(ctx, o)) return;
    std::optional<double> s = o ? zset_of(*o).score(ctx.argv[2]) : std::nullopt;
    if (s) {
        ctx.reply.dbl(*s);
    } else {
        ctx.reply.null();
    }
}

void zmscore_command(CommandContext& ctx) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zset_or_missing(ctx, o)) return;
    ctx.reply.array(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); j++) {
        std::optional<double> s = o ? zset_of(*o).score(ctx.argv[j]) : std::nullopt;
        if (s) {
            ctx.reply.dbl(*s);
        } else {
            ctx.reply.null();
        }
    }
}

void rank_generic(CommandContext& ctx, bool reverse) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (!zset_or_missing(ctx, o)) return;
    const db::ZSetValue& z = zset_of(*o);
    std::optional<size_t> r = z.rank(ctx.argv[2]);
    if (!r) {
        ctx.reply.null();
        return;
    }
    ctx.reply.integer(static_cast<long long>(reverse ? z.size() - 1 - *r : *r));
}

void zrank_command(CommandContext& ctx) {
    rank_generic(ctx, false);
}
void zrevrank_command(CommandContext& ctx) {
    rank_generic(ctx, true);
}

// ---------------------------------------------------------------------------------------------
// Pops

void zpop_generic(CommandContext& ctx, bool max) {
    if (ctx.argc() > 3) {
        ctx.syntax_error();
        return;
    }
    long long count = -1;  // -1: no COUNT, a single flat pair
    if (ctx.argc() == 3 && !ctx.parse_ll_range(ctx.argv[2], 0, LLONG_MAX, count,
                                               "ERR value is out of range, must be positive"))
        return;
    std::string_view key = ctx.argv[1];
    Object* o = ctx.lookup_write(key);
    if (!zset_or_missing(ctx, o)) return;
    if (!o || count == 0) {
        ctx.reply.array(0);
        return;
    }
    const bool nested = ctx.reply.protocol() > 2 && count != -1;
    zsets::pop_reply(ctx, key, *o, max, count == -1 ? 1 : static_cast<size_t>(count),
                     nested ? zsets::PopShape::Nested : zsets::PopShape::Flat);
}

void zpopmin_command(CommandContext& ctx) {
    zpop_generic(ctx, false);
}
void zpopmax_command(CommandContext& ctx) {
    zpop_generic(ctx, true);
}

void zmpop_command(CommandContext& ctx) {
    zsets::MpopArgs args;
    if (!zsets::parse_mpop(ctx, 1, args)) return;
    for (std::string_view key : args.keys) {
        Object* o = ctx.lookup_write(key);
        if (!o) continue;
        if (!zset_or_missing(ctx, o)) return;
        if (ctx.propagating()) {  // as ZPOPMIN / ZPOPMAX key count
            ctx.propagate_as({args.max ? "ZPOPMAX" : "ZPOPMIN", std::string(key),
                              zsets::popped_count(*o, static_cast<size_t>(args.count))});
        }
        zsets::pop_reply(ctx, key, *o, args.max, static_cast<size_t>(args.count),
                         zsets::PopShape::NestedKey);
        return;
    }
    ctx.reply.null_array();
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER

size_t random_below(size_t n) {
    return static_cast<size_t>(db::dict_random() % n);
}

void zrandmember_with_count(CommandContext& ctx, long long l, bool withscores) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!o) {
        ctx.reply.array(0);
        return;
    }
    if (!zset_or_missing(ctx, o)) return;
    const db::ZSetValue& z = zset_of(*o);
    const size_t size = z.size();
    const bool uniq = l >= 0;
    const unsigned long long count =
        l >= 0 ? static_cast<unsigned long long>(l) : static_cast<unsigned long long>(-l);
    if (count == 0) {
        ctx.reply.array(0);
        return;
    }
    // Repeats allowed (negative count) or a single one: independent picks.
    if (!uniq || count == 1) {
        zsets::reply_elements_header(ctx, count, withscores);
        for (unsigned long long i = 0; i < count; i++) {
            auto [m, s] = z.at(random_below(size));
            zsets::reply_element(ctx, m, s, withscores);
        }
        return;
    }
    // Asking for at least the whole set: the whole set, highest first as Redis replies it.
    if (count >= size) {
        zsets::reply_elements_header(ctx, size, withscores);
        z.for_range(size - 1, size, true, [&](std::string_view m, double s) {
            zsets::reply_element(ctx, m, s, withscores);
        });
        return;
    }
    // A random subset of distinct ranks (partial Fisher-Yates over the ranks).
    std::vector<size_t> ranks(size);
    for (size_t i = 0; i < size; i++) ranks[i] = i;
    for (size_t i = 0; i < count; i++) std::swap(ranks[i], ranks[i + random_below(size - i)]);
    zsets::reply_elements_header(ctx, count, withscores);
    for (size_t i = 0; i < count; i++) {
        auto [m, s] = z.at(ranks[i]);
        zsets::reply_element(ctx, m, s, withscores);
    }
}

void zrandmember_command(CommandContext& ctx) {
    if (ctx.argc() >= 3) {
        long long l;
        if (!ctx.parse_ll(ctx.argv[2], l)) return;
        if (l < -LLONG_MAX) {
            ctx.reply.error(
                "ERR value is out of range, value must between -9223372036854775807 and "
                "9223372036854775807");
            return;
        }
        bool withscores = false;
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !util::iequals(ctx.argv[3], "withscores"))) {
            ctx.syntax_error();
            return;
        }
        if (ctx.argc() == 4) {
            withscores = true;
            if (l < -LLONG_MAX / 2 || l > LLONG_MAX / 2) {
                ctx.reply.error("ERR value is out of range");
                return;
            }
        }
        zrandmember_with_count(ctx, l, withscores);
        return;
    }
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (!zset_or_missing(ctx, o)) return;
    const db::ZSetValue& z = zset_of(*o);
    ctx.reply.bulk(z.at(random_below(z.size())).first);
}

// ---------------------------------------------------------------------------------------------
// ZSCAN

// A score as a listpack entry holds it (zzlInsertAt): an exact integer within +-LLONG_MAX/2 as
// an integer entry, anything else as d2string text. ZSCAN replies a listpack's entries as they
// are, so 1e17 scans as "100000000000000000" there (ZSCORE says "1e+17").
std::string listpack_score_text(double score) {
    constexpr double kLimit = static_cast<double>(LLONG_MAX / 2);
    if (score >= -kLimit && score <= kLimit) {
        const auto ll = static_cast<long long>(score);
        if (static_cast<double>(ll) == score) return util::ll_to_string(ll);
    }
    return util::double_to_string(score);
}

void zscan_command(CommandContext& ctx) {
    uint64_t cursor;
    if (!parse_scan_cursor(ctx, ctx.argv[2], cursor)) return;
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!o) {
        reply_empty_scan(ctx);
        return;
    }
    if (!zset_or_missing(ctx, o)) return;
    ScanOptions opts;
    if (!parse_collection_scan_options(ctx, 3, opts)) return;
    db::ZSetValue& z = zset_of(*o);
    std::vector<std::pair<std::string, double>> found;
    // Redis's loop bound counts list items: a member and its score are two.
    long long max_iterations = opts.count > LLONG_MAX / 10 ? LLONG_MAX : opts.count * 10;
    do {
        cursor = z.scan(cursor, [&](std::string_view m, double s) { found.emplace_back(m, s); });
    } while (cursor && max_iterations-- &&
             found.size() * 2 < static_cast<unsigned long long>(opts.count));
    const bool listpack = o->encoding == db::Encoding::ListPack;
    std::vector<std::string> items;
    for (auto& [member, score] : found) {
        if (!opts.matches(member)) continue;
        items.push_back(std::move(member));
        items.push_back(listpack ? listpack_score_text(score) : util::double_to_string(score));
    }
    reply_collection_scan(ctx, cursor, items);
}

}  // namespace

void register_zset_commands(CommandTable& t) {
    t.add_handlers({
        {"zadd", zadd_command},
        {"zincrby", zincrby_command},
        {"zrem", zrem_command},
        {"zcard", zcard_command},
        {"zscore", zscore_command},
        {"zmscore", zmscore_command},
        {"zrank", zrank_command},
        {"zrevrank", zrevrank_command},
        {"zpopmin", zpopmin_command},
        {"zpopmax", zpopmax_command},
        {"zmpop", zmpop_command},
        {"zrandmember", zrandmember_command},
        {"zscan", zscan_command},
    });
}

}  // namespace cairn

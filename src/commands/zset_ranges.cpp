// Sorted-set range commands (Redis 7.0 t_zset.c): ZRANGE (BYSCORE BYLEX REV LIMIT WITHSCORES)
// ZRANGESTORE ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZCOUNT
// ZLEXCOUNT ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX.
//
// Every range becomes a span of ascending ranks [lo, hi): a score or lex bound is the number
// of leading elements below it, found in O(log n) on the skiplist (count_while).
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "commands/zset_ops.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using zsets::zset_of;
using zsets::zset_or_missing;

// ---------------------------------------------------------------------------------------------
// Range specs

// zslParseRange: "(" for exclusive, then strtod over the C string (leading spaces, hex,
// "inf" and "" are accepted as strtod accepts them); NaN is refused.
bool parse_score_bound(std::string_view arg, double& value, bool& exclusive) {
    std::string buf(arg);
    const char* p = buf.c_str();
    exclusive = false;
    if (*p == '(') {
        exclusive = true;
        p++;
    }
    char* end = nullptr;
    value = std::strtod(p, &end);
    return *end == '\0' && !std::isnan(value);
}

struct ScoreRange {
    double min, max;
    bool minex, maxex;
};

bool parse_score_range(std::string_view min, std::string_view max, ScoreRange& out) {
    return parse_score_bound(min, out.min, out.minex) && parse_score_bound(max, out.max, out.maxex);
}

// zslParseLexRangeItem: '-' and '+' are the open ends, '[' inclusive, '(' exclusive.
struct LexBound {
    int open = 0;  // -1 for '-', +1 for '+', 0 for a string
    std::string value;
    bool exclusive = false;
};

bool parse_lex_bound(std::string_view arg, LexBound& out) {
    if (arg.empty()) return false;
    // Redis tests c[1] of the C string, so "+" followed by a NUL byte is still "+".
    const bool single = arg.size() == 1 || arg[1] == '\0';
    switch (arg[0]) {
        case '+':
        case '-':
            if (!single) return false;
            out.open = arg[0] == '+' ? 1 : -1;
            out.exclusive = true;
            return true;
        case '(':
        case '[':
            out.open = 0;
            out.value.assign(arg.substr(1));
            out.exclusive = arg[0] == '(';
            return true;
        default:
            return false;
    }
}

struct LexRange {
    LexBound min, max;
};

bool parse_lex_range(std::string_view min, std::string_view max, LexRange& out) {
    return parse_lex_bound(min, out.min) && parse_lex_bound(max, out.max);
}

// sdscmplex of a member against a bound.
int lex_cmp(std::string_view member, const LexBound& b) {
    if (b.open) return -b.open;  // everything is above '-' and below '+'
    int c = member.compare(b.value);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct Span {
    size_t lo = 0, hi = 0;  // ascending ranks [lo, hi)
    size_t size() const { return hi > lo ? hi - lo : 0; }
};

Span score_span(const db::ZSetValue& z, const ScoreRange& r) {
    Span s;
    s.lo =
        z.count_while([&](std::string_view, double v) { return r.minex ? v <= r.min : v < r.min; });
    s.hi =
        z.count_while([&](std::string_view, double v) { return r.maxex ? v < r.max : v <= r.max; });
    return s;
}

Span lex_span(const db::ZSetValue& z, const LexRange& r) {
    Span s;
    s.lo = z.count_while([&](std::string_view m, double) {
        int c = lex_cmp(m, r.min);
        return r.min.exclusive ? c <= 0 : c < 0;
    });
    s.hi = z.count_while([&](std::string_view m, double) {
        int c = lex_cmp(m, r.max);
        return r.max.exclusive ? c < 0 : c <= 0;
    });
    return s;
}

// Redis's rank normalization (negative from the end, clamped); false when empty.
bool rank_span(long long start, long long end, size_t size, Span& out) {
    const long long llen = static_cast<long long>(size);
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return false;
    if (end >= llen) end = llen - 1;
    out.lo = static_cast<size_t>(start);
    out.hi = static_cast<size_t>(end) + 1;
    return true;
}

// ---------------------------------------------------------------------------------------------
// ZRANGE and friends

enum class RangeType { Auto, Rank, Score, Lex };
enum class Direction { Auto, Forward, Reverse };

// Where a range goes: the client (a reply) or a new sorted set (ZRANGESTORE).
struct RangeSink {
    CommandContext& ctx;
    bool store = false;
    bool withscores = false;
    std::string_view dstkey;
    db::Object dst;

    void emit_all(const db::ZSetValue& z, size_t first, size_t n, bool reverse) {
        if (store) {
            db::ZSetValue& out = zset_of(dst);
            const db::ZSetLimits limits = zsets::limits_of(ctx.config());
            z.for_range(first, n, reverse,
                        [&](std::string_view m, double s) { out.insert(m, s, limits); });
            zsets::sync_encoding(dst);
            finish_store(n);
            return;
        }
        zsets::reply_elements_header(ctx, n, withscores);
        z.for_range(first, n, reverse, [&](std::string_view m, double s) {
            zsets::reply_element(ctx, m, s, withscores);
        });
    }
    void empty() {
        if (store) {
            finish_store(0);
        } else {
            ctx.reply.array(0);
        }
    }
    // zrangeResultFinalizeStore.
    void finish_store(size_t n) {
        db::Database& d = ctx.db();
        if (n) {
            d.set(dstkey, std::move(dst), ctx.now_ms);
            ctx.key_modified(dstkey);
            ctx.reply.integer(static_cast<long long>(n));
            ctx.notify(notify::Zset, "zrangestore", dstkey);
            return;
        }
        ctx.reply.integer(0);
        if (d.remove(dstkey)) {
            ctx.key_modified(dstkey);
            ctx.notify(notify::Generic, "del", dstkey);
        }
    }
};

// Applies LIMIT offset count to a span walked forward or backward, then emits it.
void emit_limited(RangeSink& sink, const db::ZSetValue& z, Span span, long long offset,
                  long long limit, bool reverse) {
    // A negative offset walks off the end in Redis: nothing is returned.
    if (offset < 0 || static_cast<unsigned long long>(offset) >= span.size()) {
        sink.empty();
        return;
    }
    size_t n = span.size() - static_cast<size_t>(offset);
    if (limit >= 0 && static_cast<unsigned long long>(limit) < n) n = static_cast<size_t>(limit);
    if (n == 0) {
        sink.empty();
        return;
    }
    const size_t first =
        reverse ? span.hi - 1 - static_cast<size_t>(offset) : span.lo + static_cast<size_t>(offset);
    sink.emit_all(z, first, n, reverse);
}

// zrangeGenericCommand: argv[argc_start] is the source key, then min, max, options.
void zrange_generic(RangeSink& sink, size_t argc_start, RangeType type, Direction dir) {
    CommandContext& ctx = sink.ctx;
    const auto& argv = ctx.argv;
    size_t minidx = argc_start + 1, maxidx = argc_start + 2;
    bool withscores = false;
    long long offset = 0, limit = -1;
    for (size_t j = argc_start + 3; j < argv.size(); j++) {
        const size_t left = argv.size() - j - 1;
        std::string_view opt = argv[j];
        if (!sink.store && util::iequals(opt, "withscores")) {
            withscores = true;
        } else if (util::iequals(opt, "limit") && left >= 2) {
            if (!ctx.parse_ll(argv[j + 1], offset) || !ctx.parse_ll(argv[j + 2], limit)) return;
            j += 2;
        } else if (dir == Direction::Auto && util::iequals(opt, "rev")) {
            dir = Direction::Reverse;
        } else if (type == RangeType::Auto && util::iequals(opt, "bylex")) {
            type = RangeType::Lex;
        } else if (type == RangeType::Auto && util::iequals(opt, "byscore")) {
            type = RangeType::Score;
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if (dir == Direction::Auto) dir = Direction::Forward;
    if (type == RangeType::Auto) type = RangeType::Rank;
    if (limit != -1 && type == RangeType::Rank) {
        ctx.reply.error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or "
            "BYLEX");
        return;
    }
    if (withscores && type == RangeType::Lex) {
        ctx.reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        return;
    }
    const bool reverse = dir == Direction::Reverse;
    if (reverse && type != RangeType::Rank) std::swap(minidx, maxidx);  // given as max, min

    long long start = 0, end = 0;
    ScoreRange srange{};
    LexRange lrange;
    switch (type) {
        case RangeType::Auto:
        case RangeType::Rank:
            if (!ctx.parse_ll(argv[minidx], start) || !ctx.parse_ll(argv[maxidx], end)) return;
            break;
        case RangeType::Score:
            if (!parse_score_range(argv[minidx], argv[maxidx], srange)) {
                ctx.reply.error("ERR min or max is not a float");
                return;
            }
            break;
        case RangeType::Lex:
            if (!parse_lex_range(argv[minidx], argv[maxidx], lrange)) {
                ctx.reply.error("ERR min or max not valid string range item");
                return;
            }
            break;
    }
    sink.withscores = withscores;

    Object* o = ctx.lookup_read(argv[argc_start]);
    if (!zset_or_missing(ctx, o)) return;
    if (!o) {
        sink.empty();
        return;
    }
    const db::ZSetValue& z = zset_of(*o);
    switch (type) {
        case RangeType::Auto:
        case RangeType::Rank: {
            Span span;
            if (!rank_span(start, end, z.size(), span)) {
                sink.empty();
                return;
            }
            const size_t first = reverse ? z.size() - 1 - span.lo : span.lo;
            sink.emit_all(z, first, span.size(), reverse);
            break;
        }
        case RangeType::Score:
            emit_limited(sink, z, score_span(z, srange), offset, limit, reverse);
            break;
        case RangeType::Lex:
            emit_limited(sink, z, lex_span(z, lrange), offset, limit, reverse);
            break;
    }
}

void run_range(CommandContext& ctx, RangeType type, Direction dir) {
    RangeSink sink{ctx};
    zrange_generic(sink, 1, type, dir);
}

void zrange_command(CommandContext& ctx) {
    run_range(ctx, RangeType::Auto, Direction::Auto);
}
void zrevrange_command(CommandContext& ctx) {
    run_range(ctx, RangeType::Rank, Direction::Reverse);
}
void zrangebyscore_command(CommandContext& ctx) {
    run_range(ctx, RangeType::Score, Direction::Forward);
}
void zrevrangebyscore_command(CommandContext& ctx) {
    run_range(ctx, RangeType::Score, Direction::Reverse);
}
void zrangebylex_command(CommandContext& ctx) {
    run_range(ctx, RangeType::Lex, Direction::Forward);
}
void zrevrangebylex_command(CommandContext& ctx) {
    run_range(ctx, RangeType::Lex, Direction::Reverse);
}

void zrangestore_command(CommandContext& ctx) {
    RangeSink sink{ctx};
    sink.store = true;
    sink.dstkey = ctx.argv[1];
    sink.dst = zsets::make_zset();
    zrange_generic(sink, 2, RangeType::Auto, Direction::Auto);
}

// ---------------------------------------------------------------------------------------------
// Counts

void zcount_command(CommandContext& ctx) {
    ScoreRange r;
    if (!parse_score_range(ctx.argv[2], ctx.argv[3], r)) {
        ctx.reply.error("ERR min or max is not a float");
        return;
    }
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zset_or_missing(ctx, o)) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    ctx.reply.integer(static_cast<long long>(score_span(zset_of(*o), r).size()));
}

void zlexcount_command(CommandContext& ctx) {
    LexRange r;
    if (!parse_lex_range(ctx.argv[2], ctx.argv[3], r)) {
        ctx.reply.error("ERR min or max not valid string range item");
        return;
    }
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zset_or_missing(ctx, o)) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    ctx.reply.integer(static_cast<long long>(lex_span(zset_of(*o), r).size()));
}

// ---------------------------------------------------------------------------------------------
// ZREMRANGEBY*

void zremrange_generic(CommandContext& ctx, RangeType type) {
    long long start = 0, end = 0;
    ScoreRange srange{};
    LexRange lrange;
    if (type == RangeType::Rank) {
        if (!ctx.parse_ll(ctx.argv[2], start) || !ctx.parse_ll(ctx.argv[3], end)) return;
    } else if (type == RangeType::Score) {
        if (!parse_score_range(ctx.argv[2], ctx.argv[3], srange)) {
            ctx.reply.error("ERR min or max is not a float");
            return;
        }
    } else if (!parse_lex_range(ctx.argv[2], ctx.argv[3], lrange)) {
        ctx.reply.error("ERR min or max not valid string range item");
        return;
    }
    std::string_view key = ctx.argv[1];
    Object* o = ctx.lookup_write(key);
    if (!zset_or_missing(ctx, o)) return;
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    db::ZSetValue& z = zset_of(*o);
    Span span;
    if (type == RangeType::Rank) {
        if (!rank_span(start, end, z.size(), span)) {
            ctx.reply.integer(0);
            return;
        }
    } else {
        span = type == RangeType::Score ? score_span(z, srange) : lex_span(z, lrange);
    }
    const size_t deleted = span.size() ? z.erase_rank_range(span.lo, span.hi) : 0;
    if (deleted) {
        const std::string_view event = type == RangeType::Rank    ? "zremrangebyrank"
                                       : type == RangeType::Score ? "zremrangebyscore"
                                                                  : "zremrangebylex";
        lists::elements_removed(ctx, key, z.empty(), deleted, notify::Zset, event);
    }
    ctx.reply.integer(static_cast<long long>(deleted));
}

void zremrangebyrank_command(CommandContext& ctx) {
    zremrange_generic(ctx, RangeType::Rank);
}
void zremrangebyscore_command(CommandContext& ctx) {
    zremrange_generic(ctx, RangeType::Score);
}
void zremrangebylex_command(CommandContext& ctx) {
    zremrange_generic(ctx, RangeType::Lex);
}

}  // namespace

void register_zset_range_commands(CommandTable& t) {
    t.add_handlers({
        {"zrange", zrange_command},
        {"zrangestore", zrangestore_command},
        {"zrevrange", zrevrange_command},
        {"zrangebyscore", zrangebyscore_command},
        {"zrevrangebyscore", zrevrangebyscore_command},
        {"zrangebylex", zrangebylex_command},
        {"zrevrangebylex", zrevrangebylex_command},
        {"zcount", zcount_command},
        {"zlexcount", zlexcount_command},
        {"zremrangebyrank", zremrangebyrank_command},
        {"zremrangebyscore", zremrangebyscore_command},
        {"zremrangebylex", zremrangebylex_command},
    });
}

}  // namespace cairn

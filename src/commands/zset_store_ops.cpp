// ZUNION ZUNIONSTORE ZINTER ZINTERSTORE ZINTERCARD ZDIFF ZDIFFSTORE (Redis 7.0
// zunionInterDiffGenericCommand): WEIGHTS, AGGREGATE SUM|MIN|MAX, WITHSCORES, LIMIT.
#include <algorithm>
#include <climits>
#include <cmath>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/zset_ops.hpp"
#include "db/database.hpp"
#include "db/set_value.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using db::ObjType;
using zsets::zset_of;

// One input (Redis's zsetopsrc): a sorted set, a plain set (every member scores 1), or
// nothing for a missing key.
struct OpSource {
    const Object* obj = nullptr;
    double weight = 1;

    static bool is_input_type(ObjType t) { return t == ObjType::ZSet || t == ObjType::Set; }
    bool is_set() const { return obj && obj->type == ObjType::Set; }
    const db::SetValue& set() const { return static_cast<const db::SetValue&>(*obj->payload); }

    size_t size() const {
        if (!obj) return 0;
        return is_set() ? set().size() : zset_of(*obj).size();
    }
    std::optional<double> score(std::string_view member) const {
        if (!obj) return std::nullopt;
        if (is_set()) return set().contains(member) ? std::optional<double>(1.0) : std::nullopt;
        return zset_of(*obj).score(member);
    }
    // An intset's members are formatted on the fly: a view of one lasts only for its call.
    bool transient_members() const { return is_set() && set().is_intset(); }
    // fn(member, score) for every element (a set's in its own order).
    template <class Fn>
    void for_each(Fn&& fn) const {
        if (!obj) return;
        if (is_set()) {
            set().for_each([&](std::string_view m) { fn(m, 1.0); });
        } else {
            zset_of(*obj).for_each(fn);
        }
    }
};

// Where the result's member views point: into the inputs, or, for members an intset formats
// on the fly, into strings kept here for as long as the result is used.
class KeptMembers {
public:
    std::string_view keep(const OpSource& s, std::string_view m) {
        return s.transient_members() ? std::string_view(strings_.emplace_back(m)) : m;
    }

private:
    std::deque<std::string> strings_;
};

enum class Op { Union, Inter, Diff };
enum class Aggregate { Sum, Min, Max };

// zunionInterAggregate: a SUM of +inf and -inf is 0, not NaN.
void aggregate(double& target, double val, Aggregate agg) {
    switch (agg) {
        case Aggregate::Sum:
            target = target + val;
            if (std::isnan(target)) target = 0.0;
            break;
        case Aggregate::Min:
            target = val < target ? val : target;
            break;
        case Aggregate::Max:
            target = val > target ? val : target;
            break;
    }
}

using Result = std::vector<std::pair<double, std::string_view>>;  // members view the inputs

void sort_result(Result& r) {
    std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
        return db::zless(a.first, a.second, b.first, b.second);
    });
}

Result do_union(const std::vector<OpSource>& src, Aggregate agg, KeptMembers& kept) {
    std::unordered_map<std::string_view, double> acc;
    if (!src.empty()) acc.reserve(src.back().size());
    for (const OpSource& s : src) {
        s.for_each([&](std::string_view m, double v) {
            double score = s.weight * v;
            if (std::isnan(score)) score = 0;
            auto it = acc.find(m);
            if (it == acc.end()) {
                acc.emplace(kept.keep(s, m), score);
            } else {
                aggregate(it->second, score, agg);
            }
        });
    }
    Result r;
    r.reserve(acc.size());
    for (const auto& [m, v] : acc) r.emplace_back(v, m);
    sort_result(r);
    return r;
}

// Walks the smallest input; `limit` > 0 stops after that many matches (ZINTERCARD).
Result do_inter(const std::vector<OpSource>& src, Aggregate agg, size_t limit, size_t& count,
                KeptMembers& kept) {
    Result r;
    count = 0;
    if (src[0].size() == 0) return r;
    bool done = false;
    src[0].for_each([&](std::string_view m, double v) {
        if (done) return;
        double score = src[0].weight * v;
        if (std::isnan(score)) score = 0;
        size_t j = 1;
        for (; j < src.size(); j++) {
            double value;
            if (src[j].obj == src[0].obj) {
                value = v * src[j].weight;
            } else if (std::optional<double> found = src[j].score(m)) {
                value = *found * src[j].weight;
            } else {
                break;
            }
            aggregate(score, value, agg);
        }
        if (j != src.size()) return;
        count++;
        if (limit) {
            if (count >= limit) done = true;
            return;
        }
        r.emplace_back(score, kept.keep(src[0], m));
    });
    sort_result(r);
    return r;
}

Result do_diff(const std::vector<OpSource>& src, KeptMembers& kept) {
    Result r;
    src[0].for_each([&](std::string_view m, double v) {
        for (size_t j = 1; j < src.size(); j++) {
            if (src[j].obj == src[0].obj || src[j].score(m)) return;
        }
        r.emplace_back(v, kept.keep(src[0], m));
    });
    // A subsequence of a sorted set is in order already; a plain set's members are not.
    if (src[0].is_set()) sort_result(r);
    return r;
}

// The options after the keys (WEIGHTS, AGGREGATE, WITHSCORES, LIMIT), from argv[j] on.
struct OpOptions {
    Aggregate agg = Aggregate::Sum;
    bool withscores = false;
    long long limit = 0;
};

bool parse_options(CommandContext& ctx, size_t j, bool store, Op op, bool cardinality_only,
                   std::vector<OpSource>& src, OpOptions& o) {
    const auto& argv = ctx.argv;
    while (j < argv.size()) {
        const size_t remaining = argv.size() - j;
        std::string_view opt = argv[j];
        if (op != Op::Diff && !cardinality_only && remaining >= src.size() + 1 &&
            util::iequals(opt, "weights")) {
            j++;
            for (OpSource& s : src) {
                if (!util::string_to_d(argv[j], s.weight)) {
                    ctx.reply.error("ERR weight value is not a float");
                    return false;
                }
                j++;
            }
        } else if (op != Op::Diff && !cardinality_only && remaining >= 2 &&
                   util::iequals(opt, "aggregate")) {
            std::string_view a = argv[j + 1];
            if (util::iequals(a, "sum")) {
                o.agg = Aggregate::Sum;
            } else if (util::iequals(a, "min")) {
                o.agg = Aggregate::Min;
            } else if (util::iequals(a, "max")) {
                o.agg = Aggregate::Max;
            } else {
                ctx.syntax_error();
                return false;
            }
            j += 2;
        } else if (!store && !cardinality_only && util::iequals(opt, "withscores")) {
            o.withscores = true;
            j++;
        } else if (cardinality_only && remaining >= 2 && util::iequals(opt, "limit")) {
            if (!ctx.parse_ll_range(argv[j + 1], 0, LLONG_MAX, o.limit,
                                    "ERR LIMIT can't be negative"))
                return false;
            j += 2;
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    return true;
}

// numkeys and the input keys (sets or sorted sets); replies the error itself. next is the
// index after the last key.
bool read_sources(CommandContext& ctx, size_t numkeys_idx, std::vector<OpSource>& src,
                  size_t& next) {
    const auto& argv = ctx.argv;
    long long setnum;
    if (!ctx.parse_ll(argv[numkeys_idx], setnum)) return false;
    if (setnum < 1) {
        std::string msg = "ERR at least 1 input key is needed for '";
        msg += ctx.cmd.full_name();
        msg += "' command";
        ctx.reply.error(msg);
        return false;
    }
    if (static_cast<unsigned long long>(setnum) > argv.size() - (numkeys_idx + 1)) {
        ctx.syntax_error();
        return false;
    }
    src.resize(static_cast<size_t>(setnum));
    next = numkeys_idx + 1;
    for (OpSource& s : src) {
        const Object* o = ctx.lookup_read(argv[next++]);
        if (o && !OpSource::is_input_type(o->type)) {
            ctx.wrong_type();
            return false;
        }
        s.obj = o;
    }
    return true;
}

// ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE: the result replaces dstkey (an empty one deletes it).
void store_result(CommandContext& ctx, std::string_view dstkey, const Result& r, Op op) {
    db::Database& d = ctx.db();
    if (r.empty()) {
        ctx.reply.integer(0);
        if (d.remove(dstkey)) {
            ctx.key_modified(dstkey);
            ctx.notify(notify::Generic, "del", dstkey);  // after the reply, as Redis
        }
        return;
    }
    Object dst = zsets::make_zset();
    db::ZSetValue& z = zset_of(dst);
    const db::ZSetLimits limits = zsets::limits_of(ctx.config());
    // Redis builds a skiplist and converts it to a listpack at the end when it fits
    // (zsetConvertToListpackIfNeeded). Choosing the final encoding first gives the same
    // encoding and keeps a -0 score in a skiplist (a listpack reads it back as 0).
    const bool fits =
        r.size() <= limits.max_entries && std::all_of(r.begin(), r.end(), [&](const auto& e) {
            return e.second.size() <= limits.max_value;
        });
    if (!fits) z.convert_to_skiplist();
    // Members view the inputs: build before set().
    for (const auto& [score, member] : r) z.insert(member, score, limits);
    zsets::sync_encoding(dst);
    const size_t n = z.size();
    d.set(dstkey, std::move(dst), ctx.now_ms);
    ctx.key_modified(dstkey);
    ctx.reply.integer(static_cast<long long>(n));
    ctx.notify(notify::Zset,
               op == Op::Union   ? "zunionstore"
               : op == Op::Inter ? "zinterstore"
                                 : "zdiffstore",
               dstkey);
}

// dstkey is argv[1] for the STORE variants (store), unused otherwise.
void generic(CommandContext& ctx, bool store, size_t numkeys_idx, Op op, bool cardinality_only) {
    std::vector<OpSource> src;
    size_t j;
    if (!read_sources(ctx, numkeys_idx, src, j)) return;
    OpOptions o;
    if (!parse_options(ctx, j, store, op, cardinality_only, src, o)) return;

    // Smallest first (glibc's qsort is a stable merge sort here).
    if (op != Op::Diff) {
        std::stable_sort(src.begin(), src.end(),
                         [](const OpSource& a, const OpSource& b) { return a.size() < b.size(); });
    }
    KeptMembers kept;
    Result r;
    size_t card = 0;
    switch (op) {
        case Op::Union:
            r = do_union(src, o.agg, kept);
            break;
        case Op::Inter:
            r = do_inter(src, o.agg, cardinality_only ? static_cast<size_t>(o.limit) : 0, card,
                         kept);
            break;
        case Op::Diff:
            r = do_diff(src, kept);
            break;
    }
    if (cardinality_only) {
        ctx.reply.integer(static_cast<long long>(card));
    } else if (store) {
        store_result(ctx, ctx.argv[1], r, op);
    } else {
        zsets::reply_elements_header(ctx, r.size(), o.withscores);
        for (const auto& [score, member] : r)
            zsets::reply_element(ctx, member, score, o.withscores);
    }
}

void zunion_command(CommandContext& ctx) {
    generic(ctx, false, 1, Op::Union, false);
}
void zinter_command(CommandContext& ctx) {
    generic(ctx, false, 1, Op::Inter, false);
}
void zdiff_command(CommandContext& ctx) {
    generic(ctx, false, 1, Op::Diff, false);
}
void zintercard_command(CommandContext& ctx) {
    generic(ctx, false, 1, Op::Inter, true);
}
void zunionstore_command(CommandContext& ctx) {
    generic(ctx, true, 2, Op::Union, false);
}
void zinterstore_command(CommandContext& ctx) {
    generic(ctx, true, 2, Op::Inter, false);
}
void zdiffstore_command(CommandContext& ctx) {
    generic(ctx, true, 2, Op::Diff, false);
}

}  // namespace

void register_zset_store_commands(CommandTable& t) {
    t.add_handlers({
        {"zunion", zunion_command},
        {"zunionstore", zunionstore_command},
        {"zinter", zinter_command},
        {"zinterstore", zinterstore_command},
        {"zintercard", zintercard_command},
        {"zdiff", zdiff_command},
        {"zdiffstore", zdiffstore_command},
    });
}

}  // namespace cairn

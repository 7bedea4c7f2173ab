// The sorted-set primitives behind the zset commands (Redis 7.0 t_zset.c), shared by
// zsets.cpp, zset_store_ops.cpp (ZUNION/ZINTER/ZDIFF) and blocking_zsets.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "db/object.hpp"
#include "db/zset_value.hpp"

namespace cairn {

class CommandContext;

namespace config {
struct Config;
}

namespace zsets {

inline db::ZSetValue& zset_of(db::Object& o) {
    return static_cast<db::ZSetValue&>(*o.payload);
}
inline const db::ZSetValue& zset_of(const db::Object& o) {
    return static_cast<const db::ZSetValue&>(*o.payload);
}

db::ZSetLimits limits_of(const config::Config& cfg);
// A new empty sorted set (listpack until an insert says otherwise).
db::Object make_zset();
// checkType for a sorted set: replies WRONGTYPE and returns false for another type (true for
// a missing key, nullptr).
bool zset_or_missing(CommandContext& ctx, const db::Object* o);
// After a write that may have converted the payload: OBJECT ENCODING reads o.encoding.
inline void sync_encoding(db::Object& o) {
    o.encoding = zset_of(o).encoding();
}

// zsetAdd flags.
enum AddFlag : int {
    kAddIncr = 1 << 0,
    kAddNx = 1 << 1,
    kAddXx = 1 << 2,
    kAddGt = 1 << 3,
    kAddLt = 1 << 4,
};
enum AddResult : int {
    kAdded = 1 << 0,
    kUpdated = 1 << 1,
    kNop = 1 << 2,
};
// zsetAdd: adds or updates member under the flags. Returns false when the resulting score
// would be NaN (nothing changed); otherwise sets `result` (AddResult bits) and `newscore`.
bool zset_add(db::Object& o, double score, std::string_view member, int flags,
              const db::ZSetLimits& limits, int& result, double& newscore);

// Pops: genericZpopCommand's reply shapes.
enum class PopShape {
    Flat,       // ZPOPMIN/ZPOPMAX in RESP2 or without COUNT: [m, s, m, s ...]
    Nested,     // ZPOPMIN/ZPOPMAX with COUNT in RESP3: [[m, s], ...]
    FlatKey,    // BZPOPMIN/BZPOPMAX: [key, m, s]
    NestedKey,  // ZMPOP/BZMPOP: [key, [[m, s], ...]]
};
// How many members pop_reply takes for count, as text: the COUNT that ZMPOP and BZMPOP
// propagate with ZPOPMIN / ZPOPMAX.
std::string popped_count(const db::Object& o, size_t count);
// Pops up to count (>= 1) elements from the min or max end of the non-empty set o at key,
// replies in `shape` and signals the change (the key goes when the set empties).
void pop_reply(CommandContext& ctx, std::string_view key, db::Object& o, bool max, size_t count,
               PopShape shape);

// ZMPOP / BZMPOP arguments from numkeys_idx: numkeys key [key ...] MIN|MAX [COUNT count].
struct MpopArgs {
    std::vector<std::string_view> keys;
    bool max = false;
    long long count = 1;
};
bool parse_mpop(CommandContext& ctx, size_t numkeys_idx, MpopArgs& out);

// Replies a sorted-set array of (member, score) as Redis's zrange result handler does:
// RESP2 flat [m, s, ...], RESP3 [[m, s], ...]; members only without scores.
void reply_elements_header(CommandContext& ctx, size_t n, bool withscores);
void reply_element(CommandContext& ctx, std::string_view member, double score, bool withscores);

}  // namespace zsets
}  // namespace cairn

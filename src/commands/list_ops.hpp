// The list primitives behind the list commands (Redis 7.0 t_list.c), shared with the
// blocking variants (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP) so they pop, push, reply and signal
// exactly like the non-blocking commands.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "db/list_value.hpp"
#include "db/object.hpp"

namespace cairn {

class CommandContext;

namespace config {
struct Config;
}

namespace db {
class Database;
}

namespace resp {
class Reply;
}

namespace lists {

// LIST_HEAD / LIST_TAIL.
enum class Where { Head, Tail };

// The payload of a list object (o.type must be ObjType::List).
inline db::ListValue& list_of(db::Object& o) {
    return static_cast<db::ListValue&>(*o.payload);
}
inline const db::ListValue& list_of(const db::Object& o) {
    return static_cast<const db::ListValue&>(*o.payload);
}

// A new empty list object with the node options of the current config
// (createQuicklistObject + quicklistSetOptions). Redis 7.0 reports every list as "quicklist".
db::Object make_list(const config::Config& cfg);

// Data only (no reply, no signal): listTypePush / listTypePop.
void list_push(db::Object& o, Where where, std::string_view value);
std::string list_pop(db::Object& o, Where where);  // the list must not be empty

// Pops up to count (>= 1) elements from `where`, writing each as a bulk reply (no array
// header) before removing it. Returns the number popped.
size_t list_pop_reply(resp::Reply& reply, db::Object& o, Where where, size_t count);

// LRANGE-style reply of the elements [start, end] after Redis's index normalization
// (addListRangeReply): an array, reversed when `reverse`.
void reply_range(resp::Reply& reply, const db::Object& o, long long start, long long end,
                 bool reverse);

// signalModifiedKey(key) and dirty += changes (key_modified alone counts one change).
void signal_changes(CommandContext& ctx, db::Database& d, std::string_view key, size_t changes);

// After count elements were removed from the hash, set or sorted set at key (emptied: it is
// now empty), in Redis's order for HDEL, SREM, ZREM, ZREMRANGEBY* and ZPOP*: deletes an
// emptied key, signals the change (dirty += count), notifies `event` of class `type` (none
// when event is empty: the caller did) and then "del" for a deleted key.
void elements_removed(CommandContext& ctx, std::string_view key, bool emptied, size_t count,
                      int type, std::string_view event);

// listElementsRemoved: after `count` elements were popped from `where` of the list at key,
// notifies "lpop" / "rpop", deletes the key when the list is empty (sets *deleted, notifies
// "del") and signals the change (dirty += count).
void list_elements_removed(CommandContext& ctx, std::string_view key, db::Object& o, Where where,
                           size_t count, bool* deleted = nullptr);

// listPopRangeAndReplyWithKey: replies [key, [elements]] with up to count (>= 1) elements
// popped from `where` of the (non-empty) list o at key, then list_elements_removed.
void pop_range_reply_with_key(CommandContext& ctx, std::string_view key, db::Object& o, Where where,
                              long long count, bool* deleted = nullptr);

// lmoveHandlePush: pushes value to the list at dstkey (dst may be nullptr: the list is
// created), signals dstkey and replies the value as a bulk.
void lmove_handle_push(CommandContext& ctx, std::string_view dstkey, db::Object* dst,
                       std::string_view value, Where where);

// The body of LMOVE / RPOPLPUSH once the source list is known to exist and be non-empty:
// checks the destination type (WRONGTYPE reply and false), pops from src, pushes to dst,
// replies the element, deletes src when it became empty and signals both keys.
bool lmove_from(CommandContext& ctx, std::string_view srckey, db::Object& src,
                std::string_view dstkey, Where from, Where to);

// LEFT / RIGHT (getListPositionFromObjectOrReply): a syntax error reply and false otherwise.
bool parse_where(CommandContext& ctx, std::string_view arg, Where& out);

// LMPOP / BLMPOP arguments starting at numkeys_idx: numkeys key [key ...] LEFT|RIGHT
// [COUNT count]. On a bad argument it replies Redis's error and returns false.
struct MpopArgs {
    std::vector<std::string_view> keys;
    Where where = Where::Head;
    long long count = 1;
};
bool parse_mpop(CommandContext& ctx, size_t numkeys_idx, MpopArgs& out);
// Pops from the first non-empty list among the keys and replies [key, [elements]] (or
// WRONGTYPE): true when it replied, false when every key is missing or empty.
bool mpop_first(CommandContext& ctx, const MpopArgs& args);

}  // namespace lists
}  // namespace cairn

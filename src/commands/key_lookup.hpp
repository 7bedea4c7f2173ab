// Key lookups shared by the generic key commands (keys.cpp, keys_expire.cpp).
#pragma once

#include <string_view>

namespace cairn {

class CommandContext;
namespace db {
class Database;
struct Object;
}  // namespace db

namespace keys {

// lookupKeyReadWithFlags(LOOKUP_NOTOUCH): lazy expiry and keyspace hit/miss stats, but the
// access time is left alone (TYPE, TTL, EXISTS, OBJECT ...). A miss is a "keymiss" event
// unless notify_miss is false (OBJECT's LOOKUP_NONOTIFY).
db::Object* lookup_notouch(CommandContext& ctx, db::Database& d, std::string_view key,
                           bool notify_miss = true);

}  // namespace keys
}  // namespace cairn

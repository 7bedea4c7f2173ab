#include "commands/key_lookup.hpp"

#include "commands/context.hpp"
#include "commands/stats.hpp"
#include "db/database.hpp"

namespace cairn::keys {

db::Object* lookup_notouch(CommandContext& ctx, db::Database& d, std::string_view key,
                           bool notify_miss) {
    db::Object* o = d.lookup(key, ctx.now_ms, false);
    if (o) {
        ctx.stats().keyspace_hits++;
    } else {
        if (notify_miss) ctx.host.notify_keyspace_event(notify::KeyMiss, "keymiss", key, d.id());
        ctx.stats().keyspace_misses++;
    }
    return o;
}

}  // namespace cairn::keys

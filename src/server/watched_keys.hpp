// WATCH: which clients watch which keys, and the rules by which a write, an expiry, FLUSHDB
// or SWAPDB makes their next EXEC fail (Redis 7.0's multi.c: touchWatchedKey and
// touchAllWatchedKeysInDb, including the "already expired when watched" cases).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn {

namespace db {
class Database;
}
class Client;

class WatchedKeys {
public:
    // WATCH key in db; `expired` says whether it is logically expired right now.
    void watch(Client& c, int db, std::string_view key, bool expired);
    // UNWATCH / EXEC / DISCARD / disconnect.
    void unwatch_all(Client& c);
    // A write (or an expiry) changed key in db: its watchers get the dirty flag.
    void touch(db::Database& d, std::string_view key);
    // FLUSHDB / FLUSHALL (replaced_with null) or SWAPDB: `emptied` loses its contents, which
    // are replaced by those of replaced_with. Called before the change.
    void touch_all_in_db(db::Database& emptied, db::Database* replaced_with, int64_t now_ms);

    bool empty() const { return watchers_.empty(); }
    size_t key_count() const { return watchers_.size(); }

private:
    using Key = std::pair<int, std::string>;
    std::map<Key, std::vector<Client*>, std::less<>> watchers_;
    void mark_dirty(Client& c);
};

}  // namespace cairn

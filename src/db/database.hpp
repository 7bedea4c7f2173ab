// One logical database (SELECT n): keys -> values, key -> expire time, lazy expiry on access,
// SCAN cursors and the sampled active-expiry cycle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "db/dict.hpp"
#include "db/object.hpp"

namespace cairn::db {

struct ExpireStats {
    uint64_t expired_keys = 0;     // INFO stats expired_keys (lazy + active)
    uint64_t expired_stale_perc = 0;
    uint64_t expire_cycle_cpu_milliseconds = 0;
};

class Database {
public:
    explicit Database(int id);

    int id() const { return id_; }

    // Lookups apply lazy expiry with now_ms: an expired key is deleted and reported missing.
    // lookup() also refreshes the access time used by OBJECT IDLETIME unless touch is false.
    Object* lookup(std::string_view key, int64_t now_ms, bool touch = true);
    bool exists(std::string_view key, int64_t now_ms);

    // Insert or overwrite. Overwriting clears the key's TTL unless keep_ttl.
    void set(std::string_view key, Object value, int64_t now_ms, bool keep_ttl = false);
    // Insert only when absent (after lazy expiry). Returns the stored object, or nullptr.
    Object* add(std::string_view key, Object value, int64_t now_ms);
    bool remove(std::string_view key);  // deletes value and TTL; true if it existed

    // Expire times are absolute unix milliseconds. -1 = no TTL.
    int64_t expire_of(std::string_view key) const;
    void set_expire(std::string_view key, int64_t when_ms);  // key must exist
    bool persist(std::string_view key);                      // true if a TTL was removed

    size_t size() const;
    size_t expires_size() const;
    void clear();
    void swap(Database& other);  // SWAPDB: contents swap, ids stay

    // SCAN: calls fn(key, value) for entries in the cursor's buckets; returns the next
    // cursor (0 = done). Same guarantee as Redis: an element present for the whole scan is
    // returned at least once, even across rehashing.
    uint64_t scan(uint64_t cursor, const std::function<void(const std::string&, Object&)>& fn);
    void for_each(const std::function<void(const std::string&, Object&)>& fn);
    // A random key that is not expired at now_ms (expired ones met on the way are deleted).
    std::optional<std::string> random_key(int64_t now_ms);

    // Sampled active expiry like Redis's activeExpireCycle for this db: looks at up to
    // `samples` keys with a TTL per round, repeats while more than 25% of them were expired,
    // stops at deadline_ms. Returns the number of keys expired.
    size_t active_expire(int64_t now_ms, size_t samples, int64_t deadline_ms);
    // One step of incremental rehashing for the cron (databasesCron). True if work remains.
    bool rehash_step(int64_t deadline_ms);

    // Called for every key deleted by expiry, for stats and keyspace hooks.
    void set_expired_hook(std::function<void(int db, std::string_view key)> hook);

    ExpireStats& expire_stats() { return stats_; }

private:
    int id_;
    Dict<Object> keys_;
    Dict<int64_t> expires_;
    ExpireStats stats_;
    std::function<void(int, std::string_view)> expired_hook_;
    bool expire_if_needed(std::string_view key, int64_t now_ms);
};

}  // namespace cairn::db

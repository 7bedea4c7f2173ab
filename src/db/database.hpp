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
#include <vector>

#include "db/dict.hpp"
#include "db/object.hpp"

namespace cairn::db {

struct ExpireStats {
    uint64_t expired_keys = 0;        // INFO stats expired_keys (lazy + active)
    uint64_t expired_stale_perc = 0;  // expired_stale_ratio * 100, rounded
    uint64_t expire_cycle_cpu_milliseconds = 0;
    // Redis's stat_expired_stale_perc: moving average (weight 0.05 per cycle) of the share of
    // sampled keys found expired; INFO prints it *100 with "%.2f".
    double expired_stale_ratio = 0;
    uint64_t expire_cycle_cpu_microseconds = 0;  // source of the milliseconds above
};

class Database;

// Told about a key that is about to change or go while a point-in-time snapshot runs and has
// not written it yet (persist/snapshot.hpp): it writes the value as it is now.
class SnapshotObserver {
public:
    virtual ~SnapshotObserver() = default;
    virtual void before_change(Database& db, std::string_view key, const Object& value) = 0;
};

class Database {
public:
    explicit Database(int id);

    int id() const { return id_; }

    // Lookups apply lazy expiry with now_ms: a key whose expire time is <= now_ms is deleted
    // (counted in expired_keys, reported to the expired hook) and reported missing.
    // lookup() also refreshes the access time used by OBJECT IDLETIME unless touch is false.
    Object* lookup(std::string_view key, int64_t now_ms, bool touch = true);
    bool exists(std::string_view key, int64_t now_ms);
    // Raw state, without lazy expiry (WATCH's bookkeeping needs both).
    bool contains(std::string_view key) const;
    const Object* peek(std::string_view key) const;  // the value as stored, expired or not
    bool key_is_expired(std::string_view key, int64_t now_ms) const;  // present but past its TTL

    // Insert or overwrite. Overwriting clears the key's TTL unless keep_ttl.
    void set(std::string_view key, Object value, int64_t now_ms, bool keep_ttl = false);
    // Insert only when absent (after lazy expiry). Returns the stored object, or nullptr.
    Object* add(std::string_view key, Object value, int64_t now_ms);
    bool remove(std::string_view key);  // deletes value and TTL; true if it existed

    // Loading a file: keys are added in batches whose hash buckets are fetched from memory
    // ahead (in a big keyspace those cache misses otherwise dominate the load). For a batch:
    // load_hash of each key, prefetch_buckets of each, prefetch_chains of each, add_loaded
    // of each. with_expire: the key gets a TTL too (expire_ms, -1 for none). add_loaded
    // applies no lazy expiry (as Redis's dbAddRDBLoad) and returns nullptr when the key is
    // already there.
    static uint64_t load_hash(std::string_view key);
    // MEMORY USAGE: the bytes of key's table entry besides its Object (chain link, key).
    static size_t entry_overhead(std::string_view key);
    // The same for the keys of a client's pipeline before its commands run (Valkey 8 does
    // this): up to kPrefetchBatch keys' buckets, chain heads, then the first entry's key and
    // string bytes, pass by pass, so their cache misses overlap. A hint only: nothing changes.
    static constexpr size_t kPrefetchBatch = 16;
    void prefetch_keys(const std::string_view* keys, size_t n) const;
    // The same for words[first], words[first + step] ... (a multi-key command's keys; up to
    // kPrefetchBatch of them).
    void prefetch_keys(const std::vector<std::string_view>& words, size_t first, size_t step) const;
    void prefetch_buckets(uint64_t hash, bool with_expire) const;
    void prefetch_chains(uint64_t hash, bool with_expire) const;
    Object* add_loaded(std::string&& key, uint64_t hash, Object value, int64_t expire_ms,
                       int64_t now_ms);

    // Expire times are absolute unix milliseconds. -1 = no TTL.
    int64_t expire_of(std::string_view key) const;
    void set_expire(std::string_view key, int64_t when_ms);  // key must exist
    bool persist(std::string_view key);                      // true if a TTL was removed

    size_t size() const;
    // DEBUG HTSTATS: Redis's dictGetStats text for the keys and the expires tables.
    std::string keys_stats_text() const { return keys_.stats_text(); }
    // MEMORY STATS overhead.hashtable.main / .expires: the tables' own bytes.
    size_t keys_overhead() const { return keys_.memory_usage(); }
    size_t expires_overhead() const { return expires_.memory_usage(); }
    std::string expires_stats_text() const { return expires_.stats_text(); }
    size_t expires_size() const;
    // Room for this many keys and TTLs without rehashing (RDB loading: RESIZEDB).
    void reserve(size_t keys, size_t expires);
    void clear();
    void swap(Database& other);  // SWAPDB: contents swap, ids stay

    // SCAN: calls fn(key, value) for entries in the cursor's buckets; returns the next
    // cursor (0 = done). Same guarantee as Redis: an element present for the whole scan is
    // returned at least once, even across rehashing. No expiry is applied, and fn (here and
    // in for_each) must not modify the database: collect keys, then act on them.
    uint64_t scan(uint64_t cursor, const std::function<void(std::string_view, Object&)>& fn);
    void for_each(const std::function<void(std::string_view, Object&)>& fn);
    // A random key that is not expired at now_ms (expired ones met on the way are deleted).
    std::optional<std::string> random_key(int64_t now_ms);

    // Sampled active expiry like Redis 7.0's activeExpireCycle for this db: looks at up to
    // `samples` keys with a TTL per round (walking the expires table with a cursor kept
    // between calls), repeats while more than acceptable_stale_percent of them were expired
    // (Redis: ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE 10 minus (active-expire-effort - 1)), and
    // stops once deadline_ms - now_ms milliseconds of real time have passed (at least one
    // round). Returns the number of keys expired.
    size_t active_expire(int64_t now_ms, size_t samples, int64_t deadline_ms,
                         size_t acceptable_stale_percent = 10);
    // The cron's share of databasesCron for this db: shrinks tables that fell below 10% fill,
    // then rehashes (both dicts) for up to 1ms or until deadline_ms (unix ms), at least one
    // batch of 100 buckets. True if rehashing work remains.
    bool rehash_step(int64_t deadline_ms);

    // INFO keyspace avg_ttl: moving average of the TTLs (ms) seen by active_expire.
    int64_t avg_ttl() const { return avg_ttl_; }

    // Called for every key deleted by expiry, for stats and keyspace hooks.
    void set_expired_hook(std::function<void(int db, std::string_view key)> hook);

    // Called for every key set() or add() creates (Redis's dbAdd "new" notification).
    void set_new_key_hook(std::function<void(int db, std::string_view key)> hook);

    ExpireStats& expire_stats() { return stats_; }

    // Point-in-time snapshots. Values stored from now on carry `epoch`; while an observer is
    // set, every mutable access (lookup, overwrite, delete, TTL change, clear, swap) first
    // hands a value whose epoch differs to the observer, then stamps it. A snapshot walking
    // the keyspace writes and stamps the values it meets (mark_snapshotted), so each key is
    // written once, as it was when the snapshot began.
    void begin_snapshot(uint8_t epoch, SnapshotObserver* observer);
    void end_snapshot() { snapshot_observer_ = nullptr; }
    uint8_t snapshot_epoch() const { return snapshot_epoch_; }
    bool snapshotted(const Object& o) const { return o.snapshot_epoch == snapshot_epoch_; }
    void mark_snapshotted(Object& o) const { o.snapshot_epoch = snapshot_epoch_; }
    // Every value not yet written goes to the observer now (FLUSHDB, SWAPDB during a save).
    void snapshot_everything();

private:
    int id_;
    Dict<Object> keys_;
    Dict<int64_t> expires_;
    ExpireStats stats_;
    std::function<void(int, std::string_view)> expired_hook_;
    std::function<void(int, std::string_view)> new_key_hook_;
    uint64_t expires_cursor_ = 0;  // where active_expire resumes in expires_
    SnapshotObserver* snapshot_observer_ = nullptr;
    uint8_t snapshot_epoch_ = 0;
    // The snapshot hook of every mutable access (see begin_snapshot).
    void before_change(std::string_view key, Object& o) {
        if (snapshot_observer_ && o.snapshot_epoch != snapshot_epoch_) {
            snapshot_observer_->before_change(*this, key, o);
            o.snapshot_epoch = snapshot_epoch_;
        }
    }
    int64_t avg_ttl_ = 0;

    bool expire_if_needed(std::string_view key, int64_t now_ms);
    // Access bookkeeping of a value being stored: LRU second or LFU counter and minute.
    void stamp_new(Object& value, int64_t now_ms) const;
    // key must not point into the dicts: it is used after the entry is freed.
    void delete_expired(std::string_view key);
};

}  // namespace cairn::db

// Dict<V>: the keyspace hash table, modelled on Redis's dict.c. Binary-safe std::string keys,
// chained buckets in power-of-two tables, and incremental rehashing: while resizing, two
// tables are live and every lookup / insert / erase moves one bucket from the old table to
// the new one (the cron can do more with rehash_steps / rehash_for). SCAN uses Redis's
// reverse-binary cursor, so a key present for a whole scan is returned at least once even if
// the table grows or shrinks between calls.
//
// Entries are single allocations (key + value + chain link) that never move while they
// exist, so V* and Entry* stay valid across rehashing until that entry is erased.
//
// Callbacks passed to scan / for_each must not modify the dict.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/prefetch.hpp"

namespace cairn::db {

// Keyed SipHash-1-2 of key (as Redis). The seed is random per process.
uint64_t dict_hash(std::string_view key);
// For tests only: changing the seed while any Dict holds entries corrupts it.
void set_dict_hash_seed(uint64_t k0, uint64_t k1);
// Keys this long or longer keep their 64-bit length in front of their bytes in the entry
// (DictEntry). UINT32_MAX: proto-max-bulk-len may allow keys of 4 GiB and more. For tests
// only, lowered to take that path with small keys; change it only while no Dict holds entries.
inline uint64_t dict_long_key_from = UINT32_MAX;
// Fast non-cryptographic PRNG (per thread) for random sampling.
uint64_t dict_random();
void set_dict_random_seed(uint64_t seed);  // calling thread only; for reproducible tests

// One table's figures for DEBUG HTSTATS (Redis's _dictGetStatsHt).
struct DictTableStats {
    size_t size = 0;   // buckets
    size_t used = 0;   // elements
    size_t slots = 0;  // non-empty buckets
    size_t max_chain = 0;
    size_t total_chain = 0;
    std::array<size_t, 50> chain_lengths{};  // buckets per chain length (the last: 49 or more)
};
// Formats tables[0] (the main table) and tables[1] (the rehashing target) as Redis does.
std::string format_dict_stats(const DictTableStats* tables, size_t count);

// Anything a key can be read from: std::string, string_view, char*. The entry copies its bytes.
template <class K>
concept DictKey = std::convertible_to<const K&, std::string_view>;

template <class V>
class Dict;

// How a batch of lookups or inserts brings a big table's memory into the cache, measured per
// use (util/prefetch.hpp): a pipeline's lookups over a settled keyspace need loads (Load),
// while an RDB load, inserting into memory it has just written, was 5% faster with hints (Hint).
enum class Warm { Hint, Load };

// Brings the n-byte object at p in, every cache line of it.
inline void warm(const void* p, size_t n, Warm how) {
    if (how == Warm::Load) {
        util::touch_range(p, n);
    } else {
        util::for_each_cache_line(p, n, [](const char* q) { util::prefetch(q); });
    }
}

// One allocation per entry: the chain link, the value, the key's length and hash and then
// the key's bytes, so a lookup that finds its key touches no other memory (a key in its own
// allocation was one more cache miss per lookup and 32 more bytes per key). The hash's low
// 32 bits (in what was padding) let a lookup skip the other keys of its chain without
// reading their bytes, and a rehash move entries without hashing their keys again. Entries
// are made and freed only by Dict (create / destroy). A key of 4 GiB or more (possible with
// a raised proto-max-bulk-len) has its 64-bit length in front of its bytes.
template <class V>
class DictEntry {
    friend class Dict<V>;
    DictEntry* next = nullptr;  // bucket chain

public:
    DictEntry(const DictEntry&) = delete;
    DictEntry& operator=(const DictEntry&) = delete;

    std::string_view key() const {
        if (key_len_ != kLongKey) return {key_bytes(), key_len_};
        uint64_t len;
        std::memcpy(&len, key_bytes(), sizeof(len));
        return {key_bytes() + sizeof(len), static_cast<size_t>(len)};
    }
    V value;

private:
    template <class... Args>
    explicit DictEntry(uint32_t key_len, uint32_t hash_lo, Args&&... args)
        : value(std::forward<Args>(args)...), key_len_(key_len), hash_lo_(hash_lo) {}
    ~DictEntry() = default;

    // key_len_ of a long key (dict_long_key_from): its length precedes its bytes.
    static constexpr uint32_t kLongKey = UINT32_MAX;
    static bool is_long(std::string_view key) { return key.size() >= dict_long_key_from; }
    // What follows the entry in its allocation: the key's bytes, and a long key's length.
    static size_t trailer_bytes(std::string_view key) {
        return key.size() + (is_long(key) ? sizeof(uint64_t) : 0);
    }
    const char* key_bytes() const { return reinterpret_cast<const char*>(this + 1); }
    char* key_bytes() { return reinterpret_cast<char*>(this + 1); }

    template <class... Args>
    static DictEntry* create(std::string_view key, uint64_t hash, Args&&... args) {
        const bool long_key = is_long(key);
        void* mem = ::operator new(sizeof(DictEntry) + trailer_bytes(key));
        DictEntry* e;
        try {
            e = new (mem) DictEntry(long_key ? kLongKey : static_cast<uint32_t>(key.size()),
                                    static_cast<uint32_t>(hash), std::forward<Args>(args)...);
        } catch (...) {
            ::operator delete(mem);
            throw;
        }
        char* out = e->key_bytes();
        if (long_key) {
            const uint64_t len = key.size();
            std::memcpy(out, &len, sizeof(len));
            out += sizeof(len);
        }
        if (!key.empty()) std::memcpy(out, key.data(), key.size());
        return e;
    }
    static void destroy(DictEntry* e) {
        e->~DictEntry();
        ::operator delete(e);
    }

    // Whether this is the entry of key, whose dict_hash is h.
    bool is(std::string_view key, uint64_t h) const {
        return hash_lo_ == static_cast<uint32_t>(h) && this->key() == key;
    }

    uint32_t key_len_;  // or kLongKey
    uint32_t hash_lo_;  // dict_hash(key) & 0xffffffff
};

template <class V>
class Dict {
public:
    using Entry = DictEntry<V>;

    Dict() = default;
    ~Dict() { clear(); }
    Dict(const Dict&) = delete;
    Dict& operator=(const Dict&) = delete;
    Dict(Dict&& other) noexcept { swap(other); }
    Dict& operator=(Dict&& other) noexcept {
        if (this != &other) {
            clear();
            swap(other);
        }
        return *this;
    }

    size_t size() const { return t_[0].used + t_[1].used; }
    bool empty() const { return size() == 0; }
    // Buckets in both tables (Redis's dictSlots).
    size_t bucket_count() const { return t_[0].size() + t_[1].size(); }
    bool is_rehashing() const { return rehash_idx_ != kNotRehashing; }

    // --- Lookup. The non-const overloads do one rehash step, the const ones none.
    Entry* find_entry(std::string_view key) {
        if (empty()) return nullptr;
        rehash_step();
        return lookup(key, dict_hash(key));
    }
    const Entry* find_entry(std::string_view key) const {
        if (empty()) return nullptr;
        return lookup(key, dict_hash(key));
    }
    V* find(std::string_view key) {
        Entry* e = find_entry(key);
        return e ? &e->value : nullptr;
    }
    const V* find(std::string_view key) const {
        const Entry* e = find_entry(key);
        return e ? &e->value : nullptr;
    }
    bool contains(std::string_view key) const { return find_entry(key) != nullptr; }

    // --- Insert. Like std::map::try_emplace: when the key exists nothing is constructed and
    // args are left untouched. Returns the value's address and whether it was inserted.
    template <DictKey K, class... Args>
    std::pair<V*, bool> try_emplace(K&& key, Args&&... args) {
        auto [e, inserted] = try_emplace_entry(std::forward<K>(key), std::forward<Args>(args)...);
        return {&e->value, inserted};
    }
    // The same, returning the entry (its key stays at one address while the entry exists).
    template <DictKey K, class... Args>
    std::pair<Entry*, bool> try_emplace_entry(K&& key, Args&&... args) {
        const uint64_t h = dict_hash(std::string_view(key));
        return try_emplace_hashed(h, std::forward<K>(key), std::forward<Args>(args)...);
    }
    // The same with h == dict_hash(key) computed by the caller (bulk loading, below).
    template <DictKey K, class... Args>
    std::pair<Entry*, bool> try_emplace_hashed(uint64_t h, K&& key, Args&&... args) {
        const std::string_view k(key);
        rehash_step();
        expand_if_needed();
        if (Entry* e = lookup(k, h)) return {e, false};
        Table& t = t_[is_rehashing() ? 1 : 0];  // new keys go to the new table
        Entry* e = Entry::create(k, h, std::forward<Args>(args)...);
        Entry*& bucket = t.buckets[h & t.mask];
        e->next = bucket;
        bucket = e;
        t.used++;
        return {e, true};
    }
    template <DictKey K>
    std::pair<V*, bool> insert(K&& key, V value) {
        return try_emplace(std::forward<K>(key), std::move(value));
    }
    // Insert or overwrite; returns true if inserted.
    template <DictKey K>
    bool insert_or_assign(K&& key, V value) {
        return insert_or_assign_hashed(dict_hash(std::string_view(key)), std::forward<K>(key),
                                       std::move(value));
    }
    template <DictKey K>
    bool insert_or_assign_hashed(uint64_t h, K&& key, V value) {
        auto [e, inserted] = try_emplace_hashed(h, std::forward<K>(key), std::move(value));
        if (!inserted) e->value = std::move(value);  // untouched by try_emplace in this case
        return inserted;
    }

    // --- Batches (an RDB file's keys, a pipeline's): the caller hashes a batch of keys, calls
    // prefetch_bucket for each, then prefetch_chain for each (then prefetch_chain_data), then
    // looks them up or inserts them (try_emplace_hashed), so the cache misses of a big table
    // overlap instead of coming one after the other; `how` says how (Warm, above).
    void prefetch_bucket(uint64_t h, Warm how) const {
        for (int i = 0; i < (is_rehashing() ? 2 : 1); i++) {
            if (t_[i].buckets) warm(&t_[i].buckets[h & t_[i].mask], sizeof(Entry*), how);
        }
    }
    void prefetch_chain(uint64_t h, Warm how) const {
        for (int i = 0; i < (is_rehashing() ? 2 : 1); i++) {
            if (!t_[i].buckets) continue;
            if (const Entry* e = t_[i].buckets[h & t_[i].mask]) warm(e, sizeof(Entry), how);
        }
    }
    // Then, pass by pass for depth 0, 1: fn(entry) for the chain's entry at that depth, which
    // can prefetch what the entry points to (a key longer than the string's inline room lives
    // in its own allocation), and the entry after it.
    template <class Fn>
    void prefetch_chain_data(uint64_t h, int depth, Fn&& fn) const {
        for (int i = 0; i < (is_rehashing() ? 2 : 1); i++) {
            if (!t_[i].buckets) continue;
            const Entry* e = t_[i].buckets[h & t_[i].mask];
            for (int d = 0; e && d < depth; d++) e = e->next;
            if (!e) continue;
            fn(*e);
            if (e->next) warm(e->next, sizeof(Entry), Warm::Load);
        }
    }

    // --- Erase. Shrinks the table when it becomes less than 10% full.
    bool erase(std::string_view key) {
        if (empty()) return false;
        rehash_step();
        const uint64_t h = dict_hash(key);
        for (int i = 0; i < (is_rehashing() ? 2 : 1); i++) {
            Table& t = t_[i];
            for (Entry** link = &t.buckets[h & t.mask]; *link; link = &(*link)->next) {
                Entry* e = *link;
                if (!e->is(key, h)) continue;
                *link = e->next;
                t.used--;
                Entry::destroy(e);
                shrink_if_needed();
                return true;
            }
        }
        return false;
    }

    void clear() {
        for (Table& t : t_) {
            for (size_t i = 0; i < t.size(); i++) {
                for (Entry* e = t.buckets[i]; e;) {
                    Entry* next = e->next;
                    Entry::destroy(e);
                    e = next;
                }
            }
            t = Table{};
        }
        rehash_idx_ = kNotRehashing;
    }

    void swap(Dict& other) noexcept {
        std::swap(t_[0], other.t_[0]);
        std::swap(t_[1], other.t_[1]);
        std::swap(rehash_idx_, other.rehash_idx_);
    }

    // --- Sizing and rehashing.
    // Pre-size for n entries (dictExpand). False if rehashing or nothing to do.
    bool reserve(size_t n) { return n > t_[0].size() && resize_to(n); }
    // Redis's htNeedsResize + dictResize: start shrinking when fill < 10%. Erase calls this;
    // the cron may too. True if a resize started.
    bool shrink_if_needed() {
        const Table& t = t_[0];
        if (is_rehashing() || t.size() <= kInitialSize) return false;
        if (t.used * 100 / t.size() >= kMinFillPercent) return false;
        return resize_to(t.used);
    }
    // Moves up to n buckets; true if rehashing is still in progress afterwards.
    bool rehash_steps(size_t n) { return rehash(n); }
    // Rehashes in batches of 100 buckets until done or past the deadline (at least one
    // batch). True if rehashing is still in progress.
    bool rehash_for(std::chrono::steady_clock::time_point deadline) {
        while (rehash(100)) {
            if (std::chrono::steady_clock::now() >= deadline) return true;
        }
        return false;
    }

    // --- SCAN (Redis's dictScan). Calls fn(const std::string& key, V& value) for every
    // entry in the cursor's bucket(s) and returns the next cursor; 0 when the scan is done.
    template <class Fn>
    uint64_t scan(uint64_t cursor, Fn&& fn) {
        if (empty()) return 0;
        uint64_t v = cursor;
        if (!is_rehashing()) {
            const uint64_t m0 = t_[0].mask;
            visit_bucket(t_[0], v & m0, fn);
            v = next_cursor(v, m0);
            return v;
        }
        // Both tables live: visit the cursor's bucket in the smaller table, then every bucket
        // of the bigger table that it expands to (those sharing its low bits).
        const Table* small = &t_[0];
        const Table* big = &t_[1];
        if (small->size() > big->size()) std::swap(small, big);
        const uint64_t m0 = small->mask;
        const uint64_t m1 = big->mask;
        visit_bucket(*small, v & m0, fn);
        do {
            visit_bucket(*big, v & m1, fn);
            v = next_cursor(v, m1);
        } while (v & (m0 ^ m1));  // until the bits above the small mask wrap around
        return v;
    }

    template <class Fn>
    void for_each(Fn&& fn) {
        for (Table& t : t_) {
            for (size_t i = 0; i < t.size(); i++) {
                for (Entry* e = t.buckets[i]; e; e = e->next) fn(e->key(), e->value);
            }
        }
    }
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (const Table& t : t_) {
            for (size_t i = 0; i < t.size(); i++) {
                for (const Entry* e = t.buckets[i]; e; e = e->next) fn(e->key(), e->value);
            }
        }
    }

    // Calls fn(key, value) for up to n entries in table order; returns how many it visited.
    template <class Fn>
    size_t for_first(size_t n, Fn&& fn) const {
        size_t seen = 0;
        for (const Table& t : t_) {
            for (size_t i = 0; i < t.size(); i++) {
                for (const Entry* e = t.buckets[i]; e; e = e->next) {
                    if (seen == n) return seen;
                    fn(e->key(), e->value);
                    seen++;
                }
            }
        }
        return seen;
    }

    // MEMORY USAGE of a table whose keys (and values) may own heap memory: the structure plus
    // heap_of(key, value) averaged over the first `samples` entries (0: all) times size().
    template <class HeapOf>
    size_t memory_usage_sampled(size_t samples, HeapOf&& heap_of) const {
        size_t heap = 0;
        const size_t seen = for_first(samples == 0 ? size() : samples,
                                      [&](const auto& k, const auto& v) { heap += heap_of(k, v); });
        size_t n = memory_usage();
        if (seen > 0) n += heap * size() / seen;
        return n;
    }

    // --- Random access.
    // dictGetFairRandomKey: a random pick among a sample of consecutive buckets, which is
    // fairer than picking a bucket then a chain element. nullptr when empty.
    Entry* random_entry() {
        Entry* sampled[kFairSamples];
        const size_t n = sample_into(sampled, kFairSamples);
        if (n == 0) return any_random_entry();
        return sampled[dict_random() % n];
    }
    // dictGetSomeKeys: up to count entries from a random spot, cheaply. Not uniformly
    // distributed, and an entry can appear twice. Replaces out's contents; returns out.size().
    size_t sample(size_t count, std::vector<Entry*>& out) {
        out.resize(std::min(count, size()));
        out.resize(sample_into(out.data(), out.size()));
        return out.size();
    }

    // DEBUG HTSTATS: Redis's dictGetStats text for the main table and, while rehashing, the
    // rehashing target.
    std::string stats_text() const {
        DictTableStats stats[2];
        const int tables = is_rehashing() ? 2 : 1;
        for (int i = 0; i < tables; i++) {
            const Table& t = t_[i];
            DictTableStats& st = stats[i];
            st.size = t.size();
            st.used = t.used;
            for (size_t b = 0; b < t.size(); b++) {
                size_t len = 0;
                for (const Entry* e = t.buckets[b]; e; e = e->next) len++;
                st.chain_lengths[std::min(len, st.chain_lengths.size() - 1)]++;
                if (len == 0) continue;
                st.slots++;
                st.max_chain = std::max(st.max_chain, len);
                st.total_chain += len;
            }
        }
        return format_dict_stats(stats, static_cast<size_t>(tables));
    }

    // The allocation of key's entry.
    static size_t entry_bytes(std::string_view key) {
        return sizeof(Entry) + Entry::trailer_bytes(key);
    }
    // Bytes used by the table and entries, excluding the keys' bytes (in the entries) and
    // heap storage of values.
    size_t memory_usage() const {
        return sizeof(*this) + bucket_count() * sizeof(Entry*) + size() * sizeof(Entry);
    }

private:
    struct Table {
        std::unique_ptr<Entry*[]> buckets;
        uint64_t mask = 0;  // size - 1 once allocated
        size_t used = 0;
        size_t size() const { return buckets ? mask + 1 : 0; }
    };

    static constexpr size_t kNotRehashing = SIZE_MAX;
    static constexpr size_t kInitialSize = 4;
    static constexpr size_t kMinFillPercent = 10;
    static constexpr size_t kFairSamples = 15;

    Table t_[2];
    size_t rehash_idx_ = kNotRehashing;  // next bucket of t_[0] to move while rehashing

    Entry* lookup(std::string_view key, uint64_t h) const {
        for (int i = 0; i < (is_rehashing() ? 2 : 1); i++) {
            const Table& t = t_[i];
            if (!t.buckets) continue;
            for (Entry* e = t.buckets[h & t.mask]; e; e = e->next) {
                if (e->is(key, h)) return e;
            }
        }
        return nullptr;
    }

    void rehash_step() {
        if (is_rehashing()) rehash(1);
    }

    // Grow at load factor 1 (Redis 7.0 _dictExpandIfNeeded, ignoring the fork-time limit).
    void expand_if_needed() {
        if (is_rehashing()) return;
        if (t_[0].size() == 0) {
            resize_to(kInitialSize);
        } else if (t_[0].used >= t_[0].size()) {
            resize_to(t_[0].used + 1);
        }
    }

    // Starts rehashing into a table of the next power of two >= n (at least 4).
    bool resize_to(size_t n) {
        if (is_rehashing() || n < t_[0].used) return false;
        const size_t new_size = std::bit_ceil(std::max(n, kInitialSize));
        if (new_size == t_[0].size()) return false;
        Table t;
        t.buckets = std::make_unique<Entry*[]>(new_size);  // value-initialized: all null
        t.mask = new_size - 1;
        if (!t_[0].buckets) {
            t_[0] = std::move(t);  // first allocation: nothing to move
        } else {
            t_[1] = std::move(t);
            rehash_idx_ = 0;
        }
        return true;
    }

    // dictRehash: moves up to n non-empty buckets, visiting at most 10n empty ones so a
    // sparse table cannot stall the caller. True if rehashing is still in progress.
    bool rehash(size_t n) {
        if (!is_rehashing()) return false;
        Table& from = t_[0];
        Table& to = t_[1];
        size_t empty_visits = n * 10;
        while (n-- > 0 && from.used != 0) {
            while (!from.buckets[rehash_idx_]) {
                rehash_idx_++;
                if (--empty_visits == 0) return true;
            }
            for (Entry* e = from.buckets[rehash_idx_]; e;) {
                Entry* next = e->next;
                // Tables stay far below 2^32 buckets, where the stored bits are the bucket's.
                const uint64_t h = to.mask <= UINT32_MAX ? e->hash_lo_ : dict_hash(e->key());
                Entry*& bucket = to.buckets[h & to.mask];
                e->next = bucket;
                bucket = e;
                from.used--;
                to.used++;
                e = next;
            }
            from.buckets[rehash_idx_] = nullptr;
            rehash_idx_++;
        }
        if (from.used != 0) return true;
        t_[0] = std::move(t_[1]);
        t_[1] = Table{};
        rehash_idx_ = kNotRehashing;
        return false;
    }

    template <class Fn>
    static void visit_bucket(const Table& t, uint64_t idx, Fn& fn) {
        for (Entry* e = t.buckets[idx]; e; e = e->next) fn(e->key(), e->value);
    }

    // Increments the cursor's bits under mask as a reversed number: high bits first, so the
    // buckets already visited stay visited when the table doubles or halves.
    static uint64_t next_cursor(uint64_t v, uint64_t mask) {
        v |= ~mask;  // bits above the mask carry straight through
        return reverse_bits(reverse_bits(v) + 1);
    }

    static uint64_t reverse_bits(uint64_t v) {
        v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
        v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
        v = ((v >> 8) & 0x00FF00FF00FF00FFULL) | ((v & 0x00FF00FF00FF00FFULL) << 8);
        v = ((v >> 16) & 0x0000FFFF0000FFFFULL) | ((v & 0x0000FFFF0000FFFFULL) << 16);
        return (v >> 32) | (v << 32);
    }

    // dictGetRandomKey: a random non-empty bucket, then a random element of its chain.
    Entry* any_random_entry() {
        if (empty()) return nullptr;
        rehash_step();
        Entry* e = nullptr;
        if (is_rehashing()) {
            // Buckets of t_[0] below rehash_idx_ are empty; draw from the rest of both tables.
            const size_t s0 = t_[0].size();
            const size_t span = s0 + t_[1].size() - rehash_idx_;
            do {
                const size_t h = rehash_idx_ + dict_random() % span;
                e = h >= s0 ? t_[1].buckets[h - s0] : t_[0].buckets[h];
            } while (!e);
        } else {
            do {
                e = t_[0].buckets[dict_random() & t_[0].mask];
            } while (!e);
        }
        size_t len = 0;
        for (Entry* p = e; p; p = p->next) len++;
        for (size_t skip = dict_random() % len; skip > 0; skip--) e = e->next;
        return e;
    }

    // dictGetSomeKeys: walks consecutive buckets from a random index (in both tables while
    // rehashing), jumping elsewhere after a run of empty buckets, for at most 10*count steps.
    size_t sample_into(Entry** out, size_t count) {
        count = std::min(count, size());
        if (count == 0) return 0;
        for (size_t j = 0; j < count && is_rehashing(); j++) rehash(1);
        const int tables = is_rehashing() ? 2 : 1;
        const uint64_t max_mask = tables == 2 ? std::max(t_[0].mask, t_[1].mask) : t_[0].mask;
        uint64_t i = dict_random() & max_mask;
        size_t stored = 0;
        size_t empty_run = 0;
        for (size_t steps = count * 10; stored < count && steps > 0; steps--) {
            for (int j = 0; j < tables; j++) {
                if (tables == 2 && j == 0 && i < rehash_idx_) {
                    // Already moved out of t_[0]. If t_[1] is too small to hold index i
                    // either, skip ahead to the first bucket not yet rehashed.
                    if (i >= t_[1].size()) {
                        i = rehash_idx_;
                    } else {
                        continue;
                    }
                }
                if (i >= t_[j].size()) continue;
                Entry* e = t_[j].buckets[i];
                if (!e) {
                    if (++empty_run >= 5 && empty_run > count) {
                        i = dict_random() & max_mask;
                        empty_run = 0;
                    }
                    continue;
                }
                empty_run = 0;
                for (; e; e = e->next) {
                    out[stored++] = e;
                    if (stored == count) return stored;
                }
            }
            i = (i + 1) & max_mask;
        }
        return stored;
    }
};

}  // namespace cairn::db

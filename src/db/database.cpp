#include "db/database.hpp"

#include "db/lfu.hpp"
#include "util/prefetch.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <cmath>
#include <vector>

namespace cairn::db {
namespace {

// dbRandomKey: when every key has a TTL they may all be expired; give up after this many.
constexpr size_t kRandomKeyMaxTries = 100;
// activeExpireCycle visits at most this many buckets per sampled key.
constexpr size_t kBucketsPerSample = 20;
// databasesCron's dictRehashMilliseconds(d, 1).
constexpr int64_t kRehashBudgetMs = 1;

// OBJECT IDLETIME clock: seconds, wrapping at 32 bits.
uint32_t seconds_clock(int64_t now_ms) {
    return static_cast<uint32_t>(now_ms / 1000);
}

// Redis's keyIsExpired: a key is still alive during its exact expiry millisecond.
bool is_expired(int64_t when_ms, int64_t now_ms) {
    return now_ms > when_ms;
}

int64_t unix_time_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Database::Database(int id) : id_(id) {}

bool Database::expire_if_needed(std::string_view key, int64_t now_ms) {
    if (expires_.empty()) return false;  // the common case costs no hashing
    const int64_t* when = expires_.find(key);
    if (!when || !is_expired(*when, now_ms)) return false;
    delete_expired(key);
    return true;
}

void Database::delete_expired(std::string_view key) {
    if (Object* o = keys_.find(key)) before_change(key, *o);
    keys_.erase(key);
    expires_.erase(key);
    stats_.expired_keys++;
    if (expired_hook_) expired_hook_(id_, key);
}

void Database::stamp_new(Object& value, int64_t now_ms) const {
    value.snapshot_epoch = snapshot_epoch_;  // a running snapshot must not write it
    if (lfu_policy().enabled) {
        lfu_init(value, now_ms);
    } else {
        value.access_time = seconds_clock(now_ms);
    }
}

Object* Database::lookup(std::string_view key, int64_t now_ms, bool touch) {
    Object* obj = keys_.find(key);
    if (!obj) return nullptr;
    if (expire_if_needed(key, now_ms)) return nullptr;
    before_change(key, *obj);
    if (touch) {
        if (lfu_policy().enabled) {
            lfu_touch(*obj, now_ms);
        } else {
            obj->access_time = seconds_clock(now_ms);
        }
    }
    return obj;
}

bool Database::exists(std::string_view key, int64_t now_ms) {
    return lookup(key, now_ms, false) != nullptr;
}

bool Database::contains(std::string_view key) const {
    return keys_.find(key) != nullptr;
}

const Object* Database::peek(std::string_view key) const {
    return keys_.find(key);
}

bool Database::key_is_expired(std::string_view key, int64_t now_ms) const {
    if (expires_.empty()) return false;
    const int64_t* when = expires_.find(key);
    return when && is_expired(*when, now_ms);
}

void Database::set(std::string_view key, Object value, int64_t now_ms, bool keep_ttl) {
    // As Redis's lookupKeyWrite: an expired key is gone first, so KEEPTTL cannot revive its TTL.
    expire_if_needed(key, now_ms);
    stamp_new(value, now_ms);
    auto [slot, inserted] = keys_.try_emplace(key, std::move(value));
    if (inserted) {  // a new key has no TTL
        if (new_key_hook_) new_key_hook_(id_, key);
        return;
    }
    before_change(key, *slot);
    if (lfu_policy().enabled) {
        // Redis's dbSetValue: an overwritten key keeps its access frequency.
        value.lfu_counter = slot->lfu_counter;
        value.access_time = slot->access_time;
    }
    *slot = std::move(value);
    if (!keep_ttl && !expires_.empty()) expires_.erase(key);
}

Object* Database::add(std::string_view key, Object value, int64_t now_ms) {
    expire_if_needed(key, now_ms);
    stamp_new(value, now_ms);
    auto [slot, inserted] = keys_.try_emplace(key, std::move(value));
    if (!inserted) return nullptr;
    if (new_key_hook_) new_key_hook_(id_, key);
    return slot;
}

uint64_t Database::load_hash(std::string_view key) {
    return dict_hash(key);
}

size_t Database::entry_overhead(std::string_view key) {
    return Dict<Object>::entry_bytes(key) - sizeof(Object);
}

void Database::prefetch_buckets(uint64_t hash, bool with_expire) const {
    keys_.prefetch_bucket(hash, Warm::Hint);
    if (with_expire) expires_.prefetch_bucket(hash, Warm::Hint);
}

void Database::prefetch_keys(const std::string_view* keys, size_t n) const {
    if (keys_.empty()) return;
    std::array<uint64_t, kPrefetchBatch> hashes;
    n = std::min(n, kPrefetchBatch);
    for (size_t i = 0; i < n; i++) {
        hashes[i] = dict_hash(keys[i]);
        keys_.prefetch_bucket(hashes[i], Warm::Load);
    }
    for (size_t i = 0; i < n; i++) keys_.prefetch_chain(hashes[i], Warm::Load);
    // The keys a lookup compares, and string values' bytes (read by GET, freed by SET), of
    // the first two entries of each chain (at a load factor up to 1, most chains).
    auto data = [](const Dict<Object>::Entry& e) {
        if (!e.key().empty()) util::touch(e.key().data());  // "" has no byte to read
        util::touch(e.value.str.data());
    };
    for (int depth = 0; depth < 2; depth++) {
        for (size_t i = 0; i < n; i++) keys_.prefetch_chain_data(hashes[i], depth, data);
    }
}

void Database::prefetch_keys(const std::vector<std::string_view>& words, size_t first,
                             size_t step) const {
    std::array<std::string_view, kPrefetchBatch> keys;
    size_t n = 0;
    for (size_t j = first; j < words.size() && n < keys.size(); j += step) keys[n++] = words[j];
    prefetch_keys(keys.data(), n);
}

void Database::prefetch_chains(uint64_t hash, bool with_expire) const {
    keys_.prefetch_chain(hash, Warm::Hint);
    if (with_expire) expires_.prefetch_chain(hash, Warm::Hint);
}

Object* Database::add_loaded(std::string&& key, uint64_t hash, Object value, int64_t expire_ms,
                             int64_t now_ms) {
    stamp_new(value, now_ms);
    auto [entry, inserted] = keys_.try_emplace_hashed(hash, std::move(key), std::move(value));
    if (!inserted) return nullptr;
    if (expire_ms != -1) expires_.insert_or_assign_hashed(hash, entry->key(), expire_ms);
    if (new_key_hook_) new_key_hook_(id_, entry->key());
    return &entry->value;
}

bool Database::remove(std::string_view key) {
    Object* o = keys_.find(key);
    if (!o) return false;
    before_change(key, *o);
    keys_.erase(key);
    if (!expires_.empty()) expires_.erase(key);
    return true;
}

int64_t Database::expire_of(std::string_view key) const {
    const int64_t* when = expires_.find(key);
    return when ? *when : -1;
}

void Database::set_expire(std::string_view key, int64_t when_ms) {
    Object* o = keys_.find(key);
    assert(o);
    before_change(key, *o);
    expires_.insert_or_assign(key, when_ms);
}

bool Database::persist(std::string_view key) {
    if (Object* o = keys_.find(key)) before_change(key, *o);
    return expires_.erase(key);
}

size_t Database::size() const {
    return keys_.size();
}

void Database::reserve(size_t keys, size_t expires) {
    keys_.reserve(keys);
    expires_.reserve(expires);
}

size_t Database::expires_size() const {
    return expires_.size();
}

void Database::clear() {
    snapshot_everything();
    keys_.clear();
    expires_.clear();
    expires_cursor_ = 0;
    avg_ttl_ = 0;
}

void Database::swap(Database& other) {
    snapshot_everything();
    other.snapshot_everything();
    keys_.swap(other.keys_);
    expires_.swap(other.expires_);
    std::swap(expires_cursor_, other.expires_cursor_);
    std::swap(avg_ttl_, other.avg_ttl_);
}

void Database::begin_snapshot(uint8_t epoch, SnapshotObserver* observer) {
    // Epochs cycle through 1..255: when they wrap, no stale stamp may equal the new epoch.
    if (epoch == 1) keys_.for_each([](std::string_view, Object& o) { o.snapshot_epoch = 0; });
    snapshot_epoch_ = epoch;
    snapshot_observer_ = observer;
}

void Database::snapshot_everything() {
    if (!snapshot_observer_) return;
    keys_.for_each([this](std::string_view key, Object& o) { before_change(key, o); });
}

uint64_t Database::scan(uint64_t cursor, const std::function<void(std::string_view, Object&)>& fn) {
    return keys_.scan(cursor, fn);
}

void Database::for_each(const std::function<void(std::string_view, Object&)>& fn) {
    keys_.for_each(fn);
}

std::optional<std::string> Database::random_key(int64_t now_ms) {
    // Each expired pick deletes a key, so this ends; but if every key is volatile they may
    // all be expired, and then Redis's bounded retry applies.
    const bool all_volatile = keys_.size() == expires_.size();
    size_t tries = 0;
    while (const auto* entry = keys_.random_entry()) {
        std::string key(entry->key());  // a copy: expiry frees the entry
        if (!expire_if_needed(key, now_ms)) return key;
        if (all_volatile && ++tries >= kRandomKeyMaxTries) break;
    }
    return std::nullopt;
}

size_t Database::active_expire(int64_t now_ms, size_t samples, int64_t deadline_ms,
                               size_t acceptable_stale_percent) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    // Real time allowed, measured on the steady clock so a cached or fake now_ms works.
    const int64_t budget_us = std::clamp<int64_t>(deadline_ms - now_ms, 0, 3'600'000) * 1000;
    auto elapsed_us = [&start] {
        return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    };

    size_t total_expired = 0;
    size_t total_sampled = 0;
    std::vector<std::string> doomed;  // expired keys of the buckets just scanned
    samples = std::max<size_t>(samples, 1);
    for (;;) {
        if (expires_.empty()) break;
        const size_t num = std::min(expires_.size(), samples);
        const size_t max_buckets = num * kBucketsPerSample;
        size_t sampled = 0;
        size_t expired = 0;
        int64_t ttl_sum = 0;
        size_t ttl_samples = 0;
        for (size_t buckets = 0; sampled < num && buckets < max_buckets && !expires_.empty();
             buckets++) {
            doomed.clear();
            // The SCAN cursor keeps its place across calls and resizes; 0 just starts over.
            expires_cursor_ =
                expires_.scan(expires_cursor_, [&](std::string_view key, int64_t& when) {
                    sampled++;
                    if (is_expired(when, now_ms)) {
                        doomed.emplace_back(key);
                    } else {
                        ttl_sum += when - now_ms;
                        ttl_samples++;
                    }
                });
            for (const std::string& key : doomed) delete_expired(key);
            expired += doomed.size();
        }
        total_expired += expired;
        total_sampled += sampled;
        if (ttl_samples > 0) {
            // Redis's running average: 2% weight for each round's sample.
            const int64_t avg = ttl_sum / static_cast<int64_t>(ttl_samples);
            avg_ttl_ = avg_ttl_ == 0 ? avg : avg_ttl_ / 50 * 49 + avg / 50;
        }
        const bool stale = sampled == 0 || expired * 100 / sampled > acceptable_stale_percent;
        if (!stale || elapsed_us() >= budget_us) break;
    }
    if (expires_.empty()) avg_ttl_ = 0;

    const double ratio =
        total_sampled ? static_cast<double>(total_expired) / static_cast<double>(total_sampled)
                      : 0.0;
    stats_.expired_stale_ratio = ratio * 0.05 + stats_.expired_stale_ratio * 0.95;
    stats_.expired_stale_perc =
        static_cast<uint64_t>(std::llround(stats_.expired_stale_ratio * 100));
    stats_.expire_cycle_cpu_microseconds += static_cast<uint64_t>(elapsed_us());
    stats_.expire_cycle_cpu_milliseconds = stats_.expire_cycle_cpu_microseconds / 1000;
    return total_expired;
}

bool Database::rehash_step(int64_t deadline_ms) {
    // tryResizeHashTables, then incrementallyRehash.
    keys_.shrink_if_needed();
    expires_.shrink_if_needed();
    const int64_t budget_ms = std::clamp<int64_t>(deadline_ms - unix_time_ms(), 0, kRehashBudgetMs);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_ms);
    bool more = false;
    if (keys_.is_rehashing()) more |= keys_.rehash_for(deadline);
    if (expires_.is_rehashing()) more |= expires_.rehash_for(deadline);
    return more;
}

void Database::set_expired_hook(std::function<void(int db, std::string_view key)> hook) {
    expired_hook_ = std::move(hook);
}

void Database::set_new_key_hook(std::function<void(int db, std::string_view key)> hook) {
    new_key_hook_ = std::move(hook);
}

}  // namespace cairn::db

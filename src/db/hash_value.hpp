// The hash payload (Redis 7.0 t_hash.c). Small hashes are a "listpack": field/value pairs in
// insertion order, searched linearly, so HGETALL on a small hash answers in the order Redis
// does. A hash converts to a Dict ("hashtable") once it has more than
// hash-max-listpack-entries fields or a field or value longer than hash-max-listpack-value
// bytes, and never converts back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/dict.hpp"
#include "db/object.hpp"

namespace cairn::db {

struct HashLimits {
    size_t max_listpack_entries = 512;
    size_t max_listpack_value = 64;
};

class HashValue final : public Payload {
public:
    using Table = Dict<std::string>;
    using Pair = std::pair<std::string, std::string>;

    HashValue() = default;
    std::unique_ptr<Payload> clone() const override;
    size_t memory_usage(size_t samples) const override;

    bool is_listpack() const { return !table_; }
    Encoding encoding() const { return is_listpack() ? Encoding::ListPack : Encoding::HashTable; }
    size_t size() const { return table_ ? table_->size() : pairs_.size(); }
    bool empty() const { return size() == 0; }

    // The value of field, or nullptr. Valid until the next change to the hash.
    const std::string* find(std::string_view field) const;
    std::string* find(std::string_view field);
    bool contains(std::string_view field) const { return find(field) != nullptr; }

    // hashTypeTryConversion: converts when a string about to be stored is too long.
    void prepare_for(std::string_view s, const HashLimits& limits) {
        if (!table_ && s.size() > limits.max_listpack_value) to_hashtable();
    }
    // hashTypeSet: inserts or overwrites; true if the field is new. Converts to hashtable for
    // a field or value longer than max_listpack_value or when the listpack grows past
    // max_listpack_entries.
    bool set(std::string_view field, std::string_view value, const HashLimits& limits);
    bool erase(std::string_view field);  // true if it was there
    void to_hashtable();
    // DEBUG HTSTATS-KEY (hashtable encoding only).
    std::string table_stats_text() const { return table_->stats_text(); }

    // fn(std::string_view field, std::string_view value) for every pair.
    template <class Fn>
    void for_each(Fn&& fn) const {
        if (table_) {
            table_->for_each(
                [&](std::string_view k, const std::string& v) { fn(k, std::string_view(v)); });
            return;
        }
        for (const Pair& p : pairs_) fn(std::string_view(p.first), std::string_view(p.second));
    }

    // A uniformly random pair (the hash must not be empty), copied.
    Pair random_pair();
    // Every pair, copied out (iteration order).
    std::vector<Pair> pairs() const;

    // HSCAN over the hashtable (Dict cursor); the caller handles the listpack case.
    template <class Fn>
    uint64_t scan(uint64_t cursor, Fn&& fn) {
        return table_->scan(cursor, [&](std::string_view k, std::string& v) { fn(k, v); });
    }

private:
    std::vector<Pair> pairs_;  // the listpack encoding
    std::unique_ptr<Table> table_;

    size_t index_of(std::string_view field) const;  // pairs_.size() if absent
};

}  // namespace cairn::db

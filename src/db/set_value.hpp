// The set payload (Redis 7.0 t_set.c): an IntSet while every member is a canonical 64-bit
// integer and there are at most set-max-intset-entries of them, else a Dict of members
// ("hashtable"). A set never converts back, as in Redis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db/dict.hpp"
#include "db/intset.hpp"
#include "db/object.hpp"

namespace cairn::db {

struct NoValue {};

class SetValue final : public Payload {
public:
    using Table = Dict<NoValue>;

    // An empty set in the encoding Redis's setTypeCreate picks for a first member: intset if
    // it is an integer, else hashtable.
    static std::unique_ptr<SetValue> for_member(std::string_view first);
    static std::unique_ptr<SetValue> make_intset() { return std::make_unique<SetValue>(true); }
    static std::unique_ptr<SetValue> make_hashtable() { return std::make_unique<SetValue>(false); }

    explicit SetValue(bool intset);
    std::unique_ptr<Payload> clone() const override;
    size_t memory_usage(size_t samples) const override;

    bool is_intset() const { return !table_; }
    Encoding encoding() const { return is_intset() ? Encoding::IntSet : Encoding::HashTable; }
    size_t size() const { return table_ ? table_->size() : ints_.size(); }
    bool empty() const { return size() == 0; }

    bool contains(std::string_view member) const;
    // setTypeAdd: true if added. Converts to hashtable for a non-integer member or when the
    // intset grows past max_intset_entries.
    bool add(std::string_view member, size_t max_intset_entries);
    bool remove(std::string_view member);  // true if it was there
    void to_hashtable();
    // DEBUG HTSTATS-KEY (hashtable encoding only).
    std::string table_stats_text() const { return table_->stats_text(); }

    // Calls fn(std::string_view member) for every member: ascending for an intset, table
    // order for a hashtable.
    template <class Fn>
    void for_each(Fn&& fn) const {
        if (table_) {
            table_->for_each([&](std::string_view k, const NoValue&) { fn(k); });
            return;
        }
        char buf[24];
        for (int64_t v : ints_.values()) fn(format(v, buf));
    }

    // A uniformly random member (the set must not be empty).
    const IntSet& intset() const { return ints_; }  // the intset encoding's values
    std::string random_member();
    // Removes and returns a random member (the set must not be empty).
    std::string pop_random();
    // Every member, copied out.
    std::vector<std::string> members() const;

    // SSCAN over the hashtable (Dict cursor); the caller handles the intset case.
    template <class Fn>
    uint64_t scan(uint64_t cursor, Fn&& fn) {
        return table_->scan(cursor, [&](std::string_view k, NoValue&) { fn(k); });
    }

private:
    IntSet ints_;
    std::unique_ptr<Table> table_;

    static std::string_view format(int64_t v, char (&buf)[24]);
};

// Redis's string2ll rule for "can live in an intset".
bool set_member_as_int(std::string_view member, int64_t& out);

}  // namespace cairn::db

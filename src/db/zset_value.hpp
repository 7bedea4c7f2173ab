// The sorted-set payload (Redis 7.0 t_zset.c). Two encodings, as Redis:
//   listpack: a small set kept as one sorted vector of (member, score);
//   skiplist: a SkipList for order and rank plus a Dict member -> node for O(1) lookups
//             (the node points at the dict entry's key, so bytes are stored once).
// A set starts as listpack and converts to skiplist for good when an insert would make it
// longer than zset-max-listpack-entries or adds a member longer than zset-max-listpack-value.
//
// Order is by score, then by member bytes (memcmp). Ranks are 0-based here.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/dict.hpp"
#include "db/object.hpp"
#include "db/skiplist.hpp"

namespace cairn::db {

// zset-max-listpack-entries / zset-max-listpack-value.
struct ZSetLimits {
    size_t max_entries = 128;
    size_t max_value = 64;
};

class ZSetValue : public Payload {
public:
    ZSetValue() = default;
    ZSetValue(const ZSetValue&) = delete;
    ZSetValue& operator=(const ZSetValue&) = delete;

    std::unique_ptr<Payload> clone() const override;
    size_t memory_usage(size_t samples) const override;

    Encoding encoding() const { return zsl_ ? Encoding::SkipList : Encoding::ListPack; }
    size_t size() const { return zsl_ ? zsl_->size() : lp_.size(); }
    // DEBUG HTSTATS-KEY: the member dict of the skiplist encoding.
    std::string table_stats_text() const { return dict_.stats_text(); }
    bool empty() const { return size() == 0; }

    std::optional<double> score(std::string_view member) const;
    // ZADD's lookup: the score, and (skiplist encoding) where the member is, so that the
    // update that usually follows needs no second lookup.
    struct Found {
        DictEntry<SkipList::Node*>* entry = nullptr;
    };
    std::optional<double> score(std::string_view member, Found& found);
    // Adds a member that is not in the set (converting to skiplist first when limits say so).
    void insert(std::string_view member, double score, const ZSetLimits& limits);
    // Changes the score of a member that is in the set with old_score.
    void update(std::string_view member, double old_score, double new_score) {
        update(member, old_score, new_score, Found{});
    }
    void update(std::string_view member, double old_score, double new_score, const Found& found);
    bool erase(std::string_view member);
    void convert_to_skiplist();

    // 0-based rank in ascending order; nullopt when absent.
    std::optional<size_t> rank(std::string_view member) const;
    // The element at a 0-based ascending rank (< size()).
    std::pair<std::string_view, double> at(size_t rank) const;

    // The number of leading elements for which before(member, score) holds; before must be
    // true for a prefix of the order and false after it (a score or lex bound).
    template <class Pred>
    size_t count_while(Pred before) const {
        if (zsl_) {
            return zsl_->count_while(
                [&](const SkipList::Node& n) { return before(n.member(), n.score); });
        }
        auto it = std::partition_point(lp_.begin(), lp_.end(), [&](const LpEntry& e) {
            return before(std::string_view(e.member), e.score);
        });
        return static_cast<size_t>(it - lp_.begin());
    }

    // Calls fn(member, score) for n elements starting at ascending rank `start` going up,
    // or, when reverse, starting at ascending rank `start` going down.
    template <class Fn>
    void for_range(size_t start, size_t n, bool reverse, Fn&& fn) const {
        if (n == 0) return;
        if (zsl_) {
            const SkipList::Node* x = zsl_->at(start);
            for (; x && n; n--) {
                fn(x->member(), x->score);
                x = reverse ? x->prev() : x->next();
            }
            return;
        }
        for (size_t i = 0; i < n; i++) {
            const LpEntry& e = lp_[reverse ? start - i : start + i];
            fn(std::string_view(e.member), e.score);
        }
    }
    template <class Fn>
    void for_each(Fn&& fn) const {
        for_range(0, size(), false, fn);
    }

    // Removes the elements of ascending ranks [start, end); returns how many.
    size_t erase_rank_range(size_t start, size_t end);

    // ZSCAN: the skiplist encoding walks the member dict with Redis's cursor and calls
    // fn(member, score) per element; a listpack returns everything at once (cursor 0).
    template <class Fn>
    uint64_t scan(uint64_t cursor, Fn&& fn) {
        if (!zsl_) {
            for_each(fn);
            return 0;
        }
        return dict_.scan(cursor, [&](std::string_view member, SkipList::Node*& node) {
            fn(std::string_view(member), node->score);
        });
    }

private:
    struct LpEntry {
        std::string member;
        double score;
    };
    std::vector<LpEntry>::iterator lp_find(std::string_view member);
    std::vector<LpEntry>::const_iterator lp_find(std::string_view member) const;
    void lp_insert(std::string member, double score);
    void zsl_insert(std::string_view member, double score);
    // After removals from the skiplist encoding: gives back the node memory when most of it
    // is free (see NodeArena).
    void compact_if_sparse();

    std::vector<LpEntry> lp_;        // listpack encoding, sorted
    std::unique_ptr<SkipList> zsl_;  // skiplist encoding (with dict_)
    Dict<SkipList::Node*> dict_;
};

}  // namespace cairn::db

// SkipList and ZSetValue against a std::set / std::map model: inserts, deletes, score
// updates, ranks, rank/score/lex ranges and range deletion, in both encodings.
#include "db/zset_value.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db/skiplist.hpp"

namespace cairn::db {
namespace {

using Elem = std::pair<double, std::string>;
using Model = std::set<Elem>;  // ordered exactly as a sorted set: score, then member bytes

std::vector<Elem> contents(const SkipList& zsl) {
    std::vector<Elem> out;
    for (const SkipList::Node* n = zsl.first(); n; n = n->next()) {
        out.emplace_back(n->score, std::string(n->member()));
    }
    return out;
}

std::vector<Elem> contents_backwards(const SkipList& zsl) {
    std::vector<Elem> out;
    for (const SkipList::Node* n = zsl.last(); n; n = n->prev()) {
        out.emplace_back(n->score, std::string(n->member()));
    }
    return out;
}

std::vector<Elem> contents(const ZSetValue& z) {
    std::vector<Elem> out;
    z.for_each([&](std::string_view m, double s) { out.emplace_back(s, std::string(m)); });
    return out;
}

TEST(SkipList, InsertKeepsScoreThenMemberOrder) {
    SkipList zsl;
    std::vector<std::string> members{"b", "a", "c", "a2", "\xff", ""};
    zsl.insert(2, members[0]);
    zsl.insert(1, members[1]);
    zsl.insert(1, members[2]);
    zsl.insert(1, members[3]);
    zsl.insert(-std::numeric_limits<double>::infinity(), members[4]);
    zsl.insert(2, members[5]);
    std::vector<Elem> want{{-std::numeric_limits<double>::infinity(), "\xff"},
                           {1, "a"},
                           {1, "a2"},
                           {1, "c"},
                           {2, ""},
                           {2, "b"}};
    EXPECT_EQ(contents(zsl), want);
    EXPECT_EQ(contents_backwards(zsl), std::vector<Elem>(want.rbegin(), want.rend()));
    EXPECT_EQ(zsl.size(), 6u);
    EXPECT_EQ(zsl.rank_of(1, "a2"), 3u);  // 1-based
    EXPECT_EQ(zsl.rank_of(1, "zz"), 0u);
    ASSERT_NE(zsl.at(4), nullptr);
    EXPECT_EQ(zsl.at(4)->member(), "");
    EXPECT_EQ(zsl.at(6), nullptr);
}

TEST(SkipList, UpdateScoreInPlaceAndMoving) {
    SkipList zsl;
    std::vector<std::string> m{"a", "b", "c"};
    zsl.insert(1, m[0]);
    zsl.insert(2, m[1]);
    zsl.insert(3, m[2]);
    SkipList::Node* n = zsl.update_score(2, "b", 2.5);  // stays between its neighbours
    EXPECT_EQ(n->score, 2.5);
    n = zsl.update_score(2.5, "b", 0);  // moves to the front
    EXPECT_EQ(n->member(), "b");
    EXPECT_EQ(contents(zsl), (std::vector<Elem>{{0, "b"}, {1, "a"}, {3, "c"}}));
    EXPECT_EQ(contents_backwards(zsl), (std::vector<Elem>{{3, "c"}, {1, "a"}, {0, "b"}}));
    EXPECT_TRUE(zsl.erase(1, "a"));
    EXPECT_FALSE(zsl.erase(1, "a"));
    EXPECT_EQ(zsl.rank_of(3, "c"), 2u);
    EXPECT_TRUE(zsl.check_invariants());
}

// Random operations on a SkipList and a std::set side by side; every invariant the commands
// rely on is checked after each step against the model.
TEST(SkipList, RandomizedAgainstModel) {
    std::mt19937_64 rng(12345);
    SkipList zsl;
    Model model;
    std::map<std::string, double> scores;
    std::set<std::string> storage;  // the list does not own member bytes
    auto member_of = [&](int i) -> const std::string& {
        return *storage.insert("m" + std::to_string(i)).first;
    };
    for (int step = 0; step < 4000; step++) {
        const int op = static_cast<int>(rng() % 10);
        const std::string& m = member_of(static_cast<int>(rng() % 300));
        const double score = static_cast<double>(static_cast<int>(rng() % 50)) / 2;
        auto it = scores.find(std::string(m));
        if (op < 5) {
            if (it == scores.end()) {
                zsl.insert(score, m);
                model.emplace(score, std::string(m));
                scores[std::string(m)] = score;
            } else {
                zsl.update_score(it->second, m, score);
                model.erase({it->second, std::string(m)});
                model.emplace(score, std::string(m));
                it->second = score;
            }
        } else if (op < 8) {
            const bool there = it != scores.end();
            EXPECT_EQ(zsl.erase(there ? it->second : score, m), there);
            if (there) {
                model.erase({it->second, std::string(m)});
                scores.erase(it);
            }
        } else if (op == 8 && !model.empty()) {
            size_t a = rng() % model.size();
            size_t b = a + rng() % 5;
            size_t removed = zsl.erase_rank_range(
                a, b, [&](const SkipList::Node& n) { scores.erase(std::string(n.member())); });
            auto first = std::next(model.begin(), static_cast<std::ptrdiff_t>(a));
            auto last = first;
            size_t n = 0;
            while (last != model.end() && n < b - a) {
                ++last;
                ++n;
            }
            EXPECT_EQ(removed, n);
            model.erase(first, last);
        }
        ASSERT_EQ(zsl.size(), model.size());
        if (step % 97 == 0 || step > 3990) {
            ASSERT_TRUE(zsl.check_invariants());
            std::vector<Elem> want(model.begin(), model.end());
            ASSERT_EQ(contents(zsl), want);
            ASSERT_EQ(contents_backwards(zsl), std::vector<Elem>(want.rbegin(), want.rend()));
            for (size_t r = 0; r < want.size(); r++) {
                ASSERT_EQ(zsl.rank_of(want[r].first, want[r].second), r + 1);
                ASSERT_EQ(zsl.at(r)->member(), want[r].second);
            }
            // Score bounds: the count of elements below each bound equals the model's.
            for (double bound = -1; bound < 26; bound += 0.5) {
                size_t below =
                    zsl.count_while([&](const SkipList::Node& x) { return x.score < bound; });
                auto lb = model.lower_bound({bound, std::string()});
                ASSERT_EQ(below, static_cast<size_t>(std::distance(model.begin(), lb)));
            }
        }
    }
}

// A score change that moves a member relinks the same node: pointers to it stay valid.
TEST(SkipList, MovingUpdateKeepsTheNode) {
    SkipList zsl;
    std::vector<std::string> m;
    for (int i = 0; i < 200; i++) m.push_back("m" + std::to_string(i));
    std::vector<SkipList::Node*> nodes;
    for (int i = 0; i < 200; i++) nodes.push_back(zsl.insert(i, m[static_cast<size_t>(i)]));
    EXPECT_EQ(zsl.update_score(5, "m5", 1000), nodes[5]);
    EXPECT_EQ(zsl.update_score(150, "m150", -1), nodes[150]);
    EXPECT_EQ(zsl.first(), nodes[150]);
    EXPECT_EQ(zsl.last(), nodes[5]);
    EXPECT_EQ(zsl.rank_of(1000, "m5"), 200u);
    EXPECT_TRUE(zsl.check_invariants());
}

// Score updates that move members forwards, backwards, past equal scores and to the ends,
// with every invariant (order, backward links, spans) checked after each one.
TEST(SkipList, MovingUpdatesKeepEveryInvariant) {
    std::mt19937_64 rng(2024);
    SkipList zsl;
    std::vector<std::string> m;
    for (int i = 0; i < 1500; i++) m.push_back("m" + std::to_string(i));
    std::vector<double> score(m.size());
    for (size_t i = 0; i < m.size(); i++) {
        score[i] = static_cast<double>(rng() % 300);
        zsl.insert(score[i], m[i]);
    }
    for (int step = 0; step < 400; step++) {
        const size_t i = rng() % m.size();
        double s = static_cast<double>(rng() % 300);
        if (step % 50 == 0) s = -1;    // to the head
        if (step % 50 == 25) s = 1e9;  // to the tail
        SkipList::Node* n = zsl.update_score(score[i], m[i], s);
        ASSERT_EQ(n->member(), m[i]);
        score[i] = s;
        ASSERT_TRUE(zsl.check_invariants()) << "after step " << step;
    }
    EXPECT_EQ(zsl.size(), m.size());
}

// compact() moves every node into a new arena and keeps the list exactly as it was.
TEST(SkipList, CompactKeepsOrderRanksAndSpans) {
    std::mt19937_64 rng(99);
    SkipList zsl;
    std::vector<std::string> m;
    const int n = 30000;
    m.reserve(n);
    for (int i = 0; i < n; i++) m.push_back("member:" + std::to_string(i));
    std::vector<double> score;
    for (int i = 0; i < n; i++) {
        score.push_back(static_cast<double>(rng() % 1000));
        zsl.insert(score.back(), m[static_cast<size_t>(i)]);
    }
    EXPECT_FALSE(zsl.wants_compaction());
    // Remove most members one by one, then a rank range.
    for (size_t i = 0; i < m.size(); i++) {
        if (i % 5 == 0) continue;
        ASSERT_TRUE(zsl.erase(score[i], m[i]));
    }
    zsl.erase_rank_range(100, 1000, [](const SkipList::Node&) {});
    ASSERT_TRUE(zsl.wants_compaction());
    const std::vector<Elem> before = contents(zsl);
    std::set<const SkipList::Node*> moved;
    zsl.compact([&](SkipList::Node* x) { moved.insert(x); });
    EXPECT_EQ(moved.size(), before.size());
    EXPECT_FALSE(zsl.wants_compaction());
    EXPECT_EQ(contents(zsl), before);
    EXPECT_EQ(contents_backwards(zsl), std::vector<Elem>(before.rbegin(), before.rend()));
    EXPECT_TRUE(zsl.check_invariants());
    // The list works on as before.
    zsl.insert(-5, m[1]);
    EXPECT_EQ(zsl.first()->member(), m[1]);
    EXPECT_TRUE(zsl.check_invariants());
}

ZSetLimits small_limits() {
    ZSetLimits l;
    l.max_entries = 8;
    l.max_value = 10;
    return l;
}

TEST(ZSetValue, ConvertsOnLengthAndOnMemberSize) {
    ZSetValue z;
    const ZSetLimits limits = small_limits();
    for (int i = 0; i < 8; i++) z.insert("m" + std::to_string(i), i, limits);
    EXPECT_EQ(z.encoding(), Encoding::ListPack);
    z.insert("m8", 8, limits);
    EXPECT_EQ(z.encoding(), Encoding::SkipList);
    EXPECT_EQ(z.size(), 9u);
    EXPECT_EQ(z.score("m3"), 3.0);

    ZSetValue big;
    big.insert("short", 1, limits);
    EXPECT_EQ(big.encoding(), Encoding::ListPack);
    big.insert("0123456789a", 2, limits);  // 11 bytes > 10
    EXPECT_EQ(big.encoding(), Encoding::SkipList);
    EXPECT_EQ(contents(big), (std::vector<Elem>{{1, "short"}, {2, "0123456789a"}}));
}

// The same random workload on a listpack-limited and a skiplist set and a model: both
// encodings must agree with the model on contents, scores, ranks, ranges and deletions.
TEST(ZSetValue, BothEncodingsMatchModel) {
    std::mt19937_64 rng(777);
    ZSetLimits never_convert;
    never_convert.max_entries = 1000000;
    never_convert.max_value = 1000000;
    ZSetLimits always_convert;
    always_convert.max_entries = 0;
    ZSetValue lp, sl;
    sl.convert_to_skiplist();  // an empty skiplist set stays one
    Model model;
    std::map<std::string, double> scores;
    for (int step = 0; step < 3000; step++) {
        const int op = static_cast<int>(rng() % 10);
        std::string m = "k" + std::to_string(rng() % 120);
        const double score = static_cast<double>(static_cast<int>(rng() % 20));
        auto it = scores.find(m);
        if (op < 5) {
            if (it == scores.end()) {
                lp.insert(m, score, never_convert);
                sl.insert(m, score, always_convert);
                model.emplace(score, m);
                scores[m] = score;
            } else {
                lp.update(m, it->second, score);
                sl.update(m, it->second, score);
                model.erase({it->second, m});
                model.emplace(score, m);
                it->second = score;
            }
        } else if (op < 8) {
            const bool there = it != scores.end();
            EXPECT_EQ(lp.erase(m), there);
            EXPECT_EQ(sl.erase(m), there);
            if (there) {
                model.erase({it->second, m});
                scores.erase(it);
            }
        } else if (op == 8 && !model.empty()) {
            size_t a = rng() % model.size();
            size_t b = a + 1 + rng() % 3;
            size_t n1 = lp.erase_rank_range(a, b);
            size_t n2 = sl.erase_rank_range(a, b);
            EXPECT_EQ(n1, n2);
            for (size_t i = 0; i < n1; i++) {
                auto first = std::next(model.begin(), static_cast<std::ptrdiff_t>(a));
                scores.erase(first->second);
                model.erase(first);
            }
        }
        ASSERT_EQ(lp.encoding(), Encoding::ListPack);
        ASSERT_EQ(sl.encoding(), Encoding::SkipList);
        ASSERT_EQ(lp.size(), model.size());
        ASSERT_EQ(sl.size(), model.size());
        if (step % 50 != 0) continue;
        std::vector<Elem> want(model.begin(), model.end());
        ASSERT_EQ(contents(lp), want);
        ASSERT_EQ(contents(sl), want);
        for (size_t r = 0; r < want.size(); r++) {
            ASSERT_EQ(lp.rank(want[r].second), r);
            ASSERT_EQ(sl.rank(want[r].second), r);
            ASSERT_EQ(sl.at(r).first, want[r].second);
            ASSERT_EQ(sl.score(want[r].second), want[r].first);
            ASSERT_EQ(lp.score(want[r].second), want[r].first);
        }
        EXPECT_FALSE(sl.rank("absent").has_value());
        // Reverse rank walks.
        if (!want.empty()) {
            std::vector<Elem> rev;
            sl.for_range(want.size() - 1, want.size(), true,
                         [&](std::string_view mm, double s) { rev.emplace_back(s, mm); });
            ASSERT_EQ(rev, std::vector<Elem>(want.rbegin(), want.rend()));
        }
        // Score range [lo, hi] and lex bounds by count_while.
        for (double lo = -1; lo < 21; lo += 3) {
            auto below = [&](std::string_view, double s) { return s < lo; };
            auto upto = [&](std::string_view, double s) { return s <= lo + 4; };
            const size_t a = std::distance(model.begin(), model.lower_bound({lo, ""}));
            size_t b = 0;
            for (const Elem& e : want) b += e.first <= lo + 4;
            ASSERT_EQ(lp.count_while(below), a);
            ASSERT_EQ(sl.count_while(below), a);
            ASSERT_EQ(lp.count_while(upto), b);
            ASSERT_EQ(sl.count_while(upto), b);
        }
    }
}

// Rank windows (for_range in both directions) and lex bounds on equal scores, random
// against the model, in both encodings.
TEST(ZSetValue, RankWindowsAndLexBoundsMatchModel) {
    std::mt19937_64 rng(99);
    for (size_t entries : {size_t{1000}, size_t{0}}) {
        ZSetLimits limits;
        limits.max_entries = entries;
        limits.max_value = 1000;
        ZSetValue z;
        std::set<std::string> model;
        for (int i = 0; i < 200; i++) {
            std::string m(1 + rng() % 3, 'a');
            for (char& c : m) c = static_cast<char>('a' + rng() % 4);
            if (model.insert(m).second) z.insert(m, 0, limits);
        }
        const std::vector<std::string> sorted(model.begin(), model.end());
        for (int t = 0; t < 200; t++) {
            const size_t start = rng() % sorted.size();
            const bool reverse = rng() % 2;
            const size_t avail = reverse ? start + 1 : sorted.size() - start;
            const size_t n = rng() % (avail + 1);
            std::vector<std::string> got, want;
            z.for_range(start, n, reverse,
                        [&](std::string_view m, double) { got.emplace_back(m); });
            for (size_t i = 0; i < n; i++) want.push_back(sorted[reverse ? start - i : start + i]);
            ASSERT_EQ(got, want) << start << " " << n << " " << reverse;

            std::string bound(rng() % 4, 'a');
            for (char& c : bound) c = static_cast<char>('a' + rng() % 5);
            const size_t below =
                z.count_while([&](std::string_view m, double) { return m < bound; });
            const size_t upto =
                z.count_while([&](std::string_view m, double) { return m <= bound; });
            ASSERT_EQ(below,
                      static_cast<size_t>(std::distance(model.begin(), model.lower_bound(bound))));
            ASSERT_EQ(upto,
                      static_cast<size_t>(std::distance(model.begin(), model.upper_bound(bound))));
        }
        EXPECT_EQ(z.encoding(), entries ? Encoding::ListPack : Encoding::SkipList);
    }
}

TEST(ZSetValue, LexBoundsOnEqualScores) {
    ZSetValue z;
    ZSetLimits limits;
    limits.max_entries = 0;  // skiplist
    std::vector<std::string> members{"a", "b", "bb", "c", "d"};
    for (const auto& m : members) z.insert(m, 0, limits);
    auto before = [](std::string_view bound) {
        return [bound](std::string_view m, double) { return m < bound; };
    };
    EXPECT_EQ(z.count_while(before("b")), 1u);
    EXPECT_EQ(z.count_while(before("bc")), 3u);
    EXPECT_EQ(z.count_while(before("zz")), 5u);
    EXPECT_EQ(z.count_while(before("")), 0u);
}

TEST(ZSetValue, CloneIsDeepInBothEncodings) {
    for (size_t entries : {size_t{128}, size_t{0}}) {
        ZSetLimits limits;
        limits.max_entries = entries;
        ZSetValue z;
        z.insert("x", 1, limits);
        z.insert("y", 2, limits);
        auto copy = z.clone();
        auto& c = static_cast<ZSetValue&>(*copy);
        z.erase("x");
        EXPECT_EQ(c.encoding(), z.encoding());
        EXPECT_EQ(contents(c), (std::vector<Elem>{{1, "x"}, {2, "y"}}));
        EXPECT_EQ(contents(z), (std::vector<Elem>{{2, "y"}}));
    }
}

// A big set that shrinks gives its node memory back (compaction) and keeps every lookup
// right: the member dict points at the moved nodes (ASan would see a stale pointer).
TEST(ZSetValue, ShrinkingSkiplistSetStaysConsistent) {
    ZSetValue z;
    ZSetLimits limits;
    const int n = 40000;
    for (int i = 0; i < n; i++) z.insert("m" + std::to_string(i), i % 777, limits);
    for (int i = 0; i < n; i++) {
        if (i % 10 == 0) continue;
        ASSERT_TRUE(z.erase("m" + std::to_string(i)));
    }
    z.erase_rank_range(0, 100);
    ASSERT_EQ(z.size(), static_cast<size_t>(n / 10 - 100));
    std::vector<Elem> all = contents(z);
    for (size_t r = 0; r < all.size(); r += 37) {
        EXPECT_EQ(z.score(all[r].second), all[r].first);
        EXPECT_EQ(z.rank(all[r].second), r);
    }
    // Updates and deletions through the dict's node pointers still work.
    z.update(all[5].second, all[5].first, -1);
    EXPECT_EQ(z.rank(all[5].second), 0u);
    EXPECT_TRUE(z.erase(all[9].second));
    EXPECT_FALSE(z.score(all[9].second).has_value());
}

}  // namespace
}  // namespace cairn::db

#include "db/list_value.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace cairn::db {
namespace {

std::vector<std::string> contents(const ListValue& l) {
    std::vector<std::string> out;
    l.for_range(0, l.size(), false, [&](std::string_view v) { out.emplace_back(v); });
    return out;
}

std::vector<std::string> reversed(const ListValue& l) {
    std::vector<std::string> out;
    l.for_range(0, l.size(), true, [&](std::string_view v) { out.emplace_back(v); });
    return out;
}

std::vector<std::string> model_vec(const std::deque<std::string>& m) {
    return {m.begin(), m.end()};
}

TEST(PackedNode, PushPopBothEnds) {
    PackedNode n;
    n.push_back("b");
    n.push_front("a");
    n.push_back("c");
    EXPECT_EQ(n.count(), 3u);
    EXPECT_EQ(n.at(0), "a");
    EXPECT_EQ(n.at(n.next(0)), "b");
    EXPECT_EQ(n.at(n.prev(n.bytes())), "c");
    n.pop_front();
    EXPECT_EQ(n.at(0), "b");
    n.pop_back();
    EXPECT_EQ(n.count(), 1u);
    EXPECT_EQ(n.at(0), "b");
    n.pop_back();
    EXPECT_TRUE(n.empty());
    EXPECT_EQ(n.bytes(), 0u);
}

TEST(PackedNode, LongEntriesUseMultiByteLengths) {
    PackedNode n;
    const std::string a(127, 'a'), b(128, 'b'), c(20000, 'c'), d(3000000, 'd');
    n.push_back(a);
    n.push_back(b);
    n.push_front(c);
    n.push_back(d);
    n.push_back("");
    std::vector<std::string> fwd, bwd;
    for (size_t off = 0; off < n.bytes(); off = n.next(off)) fwd.emplace_back(n.at(off));
    for (size_t off = n.bytes(); off > 0;) {
        off = n.prev(off);
        bwd.emplace_back(n.at(off));
    }
    EXPECT_EQ(fwd, (std::vector<std::string>{c, a, b, d, ""}));
    EXPECT_EQ(bwd, (std::vector<std::string>{"", d, b, a, c}));
    EXPECT_EQ(PackedNode::entry_size(127), 129u);
    EXPECT_EQ(PackedNode::entry_size(128), 132u);
}

TEST(PackedNode, InsertEraseReplaceSplitAppend) {
    PackedNode n;
    for (int i = 0; i < 10; i++) n.push_back(std::to_string(i));
    size_t off = n.next(n.next(0));  // entry "2"
    n.insert(off, "x");
    EXPECT_EQ(n.at(off), "x");
    EXPECT_EQ(n.at(n.next(off)), "2");
    n.replace(off, std::string(300, 'y'));
    EXPECT_EQ(n.at(off), std::string(300, 'y'));
    n.replace(off, "z");
    EXPECT_EQ(n.at(off), "z");
    n.erase(off);
    EXPECT_EQ(n.at(off), "2");
    EXPECT_EQ(n.count(), 10u);
    PackedNode right = n.split(off, 2);
    EXPECT_EQ(n.count(), 2u);
    EXPECT_EQ(right.count(), 8u);
    EXPECT_EQ(right.at(0), "2");
    n.append(right);
    EXPECT_EQ(n.count(), 10u);
    std::vector<std::string> all;
    for (size_t o = 0; o < n.bytes(); o = n.next(o)) all.emplace_back(n.at(o));
    EXPECT_EQ(all, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
    PackedNode copy(n);
    EXPECT_EQ(copy.count(), 10u);
    EXPECT_EQ(copy.at(copy.prev(copy.bytes())), "9");
}

TEST(ListValue, SmallListIsCompact) {
    ListValue l;
    EXPECT_TRUE(l.is_compact());
    EXPECT_EQ(l.internal_encoding(), Encoding::ListPack);
    for (int i = 0; i < 100; i++) l.push_back(std::to_string(i));
    EXPECT_TRUE(l.is_compact());
    EXPECT_EQ(l.size(), 100u);
    EXPECT_EQ(l.front(), "0");
    EXPECT_EQ(l.back(), "99");
    EXPECT_TRUE(l.check_invariants());
}

TEST(ListValue, ConvertsPastEightKilobytes) {
    ListValue l;                    // fill -2: 8 KB nodes
    const std::string v(100, 'v');  // 102 bytes per entry
    size_t i = 0;
    while (l.is_compact()) {
        l.push_back(v);
        i++;
        ASSERT_LT(i, 1000u);
    }
    // (8192 - 7) / 102 = 80 entries fit in one node.
    EXPECT_EQ(i, 81u);
    EXPECT_EQ(l.internal_encoding(), Encoding::QuickList);
    EXPECT_EQ(l.node_count(), 2u);
    // Never converts back, even when it shrinks to one element.
    while (l.size() > 1) l.pop_front();
    EXPECT_FALSE(l.is_compact());
    EXPECT_TRUE(l.check_invariants());
}

TEST(ListValue, OneBigElementConvertsOnTheNextPush) {
    ListValue l;
    l.push_back(std::string(10000, 'x'));
    EXPECT_TRUE(l.is_compact());
    l.push_back("a");
    EXPECT_FALSE(l.is_compact());
    EXPECT_EQ(l.node_count(), 2u);
    EXPECT_TRUE(l.check_invariants());
}

TEST(ListValue, PositiveFillCountsEntries) {
    ListValue l(128);
    for (int i = 0; i < 128; i++) l.push_back("e");
    EXPECT_TRUE(l.is_compact());
    l.push_back("e");
    EXPECT_FALSE(l.is_compact());
    for (int i = 0; i < 1000; i++) l.push_front("f");
    EXPECT_EQ(l.node_count(), 10u);  // 1129 entries, 128 per node
    EXPECT_TRUE(l.check_invariants());

    ListValue one(0);  // 0: one entry per node
    one.push_back("a");
    one.push_back("b");
    EXPECT_EQ(one.node_count(), 2u);

    ListValue clamped(-100);  // clamped to -5 (64 KB)
    EXPECT_EQ(clamped.fill(), -5);
    ListValue big(100000);
    EXPECT_EQ(big.fill(), 32767);
}

TEST(ListValue, OtherSizeLevels) {
    ListValue l(-1);  // 4 KB
    const std::string v(100, 'v');
    for (int i = 0; i < 1000; i++) l.push_back(v);
    EXPECT_EQ(l.node_count(), 1000u / 40u);  // (4096 - 7) / 102 = 40 per node
    EXPECT_TRUE(l.check_invariants());
}

TEST(ListValue, IndexAndSet) {
    ListValue l;
    for (int i = 0; i < 10; i++) l.push_back(std::to_string(i));
    EXPECT_EQ(*l.at(0), "0");
    EXPECT_EQ(*l.at(9), "9");
    EXPECT_EQ(*l.at(-1), "9");
    EXPECT_EQ(*l.at(-10), "0");
    EXPECT_FALSE(l.at(10));
    EXPECT_FALSE(l.at(-11));
    EXPECT_FALSE(l.at(LLONG_MIN));
    EXPECT_FALSE(l.at(LLONG_MAX));
    EXPECT_TRUE(l.set(3, "three"));
    EXPECT_TRUE(l.set(-1, "last"));
    EXPECT_FALSE(l.set(10, "x"));
    EXPECT_FALSE(l.set(-11, "x"));
    EXPECT_EQ(*l.at(3), "three");
    EXPECT_EQ(l.back(), "last");
}

TEST(ListValue, SetLargeValueSplitsNode) {
    ListValue l;
    for (int i = 0; i < 50; i++) l.push_back(std::string(100, 'a'));
    EXPECT_TRUE(l.is_compact());
    EXPECT_TRUE(l.set(25, std::string(5000, 'b')));
    EXPECT_FALSE(l.is_compact());
    EXPECT_EQ(*l.at(25), std::string(5000, 'b'));
    EXPECT_EQ(l.size(), 50u);
    EXPECT_TRUE(l.check_invariants());
}

TEST(ListValue, InsertBeforeAfter) {
    ListValue l;
    l.push_back("a");
    l.push_back("c");
    EXPECT_TRUE(l.insert("c", "b", false));
    EXPECT_TRUE(l.insert("c", "d", true));
    EXPECT_FALSE(l.insert("zz", "x", true));
    EXPECT_EQ(contents(l), (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_TRUE(l.insert("a", "0", false));
    EXPECT_EQ(l.front(), "0");
    EXPECT_EQ(l.size(), 5u);
}

TEST(ListValue, RemoveCounts) {
    auto make = [] {
        ListValue l;
        for (const char* s : {"a", "b", "a", "c", "a", "b", "a"}) l.push_back(s);
        return l;
    };
    {
        ListValue l = make();
        EXPECT_EQ(l.remove("a", 2), 2u);
        EXPECT_EQ(contents(l), (std::vector<std::string>{"b", "c", "a", "b", "a"}));
    }
    {
        ListValue l = make();
        EXPECT_EQ(l.remove("a", -2), 2u);
        EXPECT_EQ(contents(l), (std::vector<std::string>{"a", "b", "a", "c", "b"}));
    }
    {
        ListValue l = make();
        EXPECT_EQ(l.remove("a", 0), 4u);
        EXPECT_EQ(contents(l), (std::vector<std::string>{"b", "c", "b"}));
    }
    {
        ListValue l = make();
        EXPECT_EQ(l.remove("a", LLONG_MIN), 4u);
        EXPECT_EQ(l.remove("zz", 0), 0u);
        EXPECT_EQ(l.size(), 3u);
    }
}

TEST(ListValue, RangesAndTrim) {
    ListValue l;
    for (int i = 0; i < 10; i++) l.push_back(std::to_string(i));
    std::vector<std::string> got;
    l.for_range(2, 3, false, [&](std::string_view v) { got.emplace_back(v); });
    EXPECT_EQ(got, (std::vector<std::string>{"2", "3", "4"}));
    got.clear();
    l.for_range(7, 3, true, [&](std::string_view v) { got.emplace_back(v); });
    EXPECT_EQ(got, (std::vector<std::string>{"9", "8", "7"}));
    l.keep_range(2, 5);
    EXPECT_EQ(contents(l), (std::vector<std::string>{"2", "3", "4", "5", "6"}));
    l.erase_range(1, 2);
    EXPECT_EQ(contents(l), (std::vector<std::string>{"2", "5", "6"}));
    l.erase_range(0, 3);
    EXPECT_TRUE(l.empty());
}

TEST(ListValue, Positions) {
    ListValue l;
    for (const char* s : {"a", "b", "c", "1", "2", "3", "c", "c"}) l.push_back(s);
    using V = std::vector<long long>;
    EXPECT_EQ(l.positions("c", 1, 1, 0), V{2});
    EXPECT_EQ(l.positions("c", 2, 1, 0), V{6});
    EXPECT_EQ(l.positions("c", -1, 1, 0), V{7});
    EXPECT_EQ(l.positions("c", -2, 1, 0), V{6});
    EXPECT_EQ(l.positions("c", 1, 0, 0), (V{2, 6, 7}));
    EXPECT_EQ(l.positions("c", 1, 2, 0), (V{2, 6}));
    EXPECT_EQ(l.positions("c", -1, 0, 0), (V{7, 6, 2}));
    EXPECT_EQ(l.positions("c", 1, 0, 3), V{2});
    EXPECT_EQ(l.positions("c", -1, 0, 2), (V{7, 6}));
    EXPECT_EQ(l.positions("c", 4, 0, 0), V{});
    EXPECT_EQ(l.positions("x", 1, 0, 0), V{});
    EXPECT_EQ(l.positions("c", LLONG_MIN, 1, 0), V{7});
}

TEST(ListValue, CloneIsDeep) {
    ListValue l;
    for (int i = 0; i < 5000; i++) l.push_back(std::to_string(i));
    ASSERT_FALSE(l.is_compact());
    auto copy = l.clone();
    auto& c = static_cast<ListValue&>(*copy);
    l.pop_front();
    l.set(10, "changed");
    EXPECT_EQ(c.size(), 5000u);
    EXPECT_EQ(c.front(), "0");
    EXPECT_EQ(*c.at(11), "11");
    EXPECT_FALSE(c.is_compact());
    EXPECT_TRUE(c.check_invariants());

    ListValue small;
    small.push_back("x");
    auto sc = small.clone();
    small.pop_back();
    EXPECT_EQ(static_cast<ListValue&>(*sc).front(), "x");
}

TEST(ListValue, LargeListPushPop) {
    ListValue l;
    const size_t n = 200000;
    for (size_t i = 0; i < n; i++) l.push_back(std::to_string(i));
    for (size_t i = 0; i < n; i++) l.push_front(std::to_string(i));
    EXPECT_EQ(l.size(), 2 * n);
    EXPECT_GT(l.node_count(), 100u);
    EXPECT_TRUE(l.check_invariants());
    EXPECT_EQ(*l.at(0), std::to_string(n - 1));
    EXPECT_EQ(*l.at(static_cast<long long>(n)), "0");
    EXPECT_EQ(*l.at(-1), std::to_string(n - 1));
    EXPECT_EQ(*l.at(static_cast<long long>(n) + 12345), "12345");
    for (size_t i = 0; i < n; i++) {
        ASSERT_EQ(l.back(), std::to_string(n - 1 - i));
        l.pop_back();
    }
    for (size_t i = 0; i < n; i++) {
        ASSERT_EQ(l.front(), std::to_string(n - 1 - i));
        l.pop_front();
    }
    EXPECT_TRUE(l.empty());
    EXPECT_EQ(l.node_count(), 0u);
    EXPECT_TRUE(l.check_invariants());
}

TEST(ListValue, QueueReusesSpace) {
    ListValue l;
    for (int i = 0; i < 100000; i++) {
        l.push_back(std::to_string(i));
        if (l.size() > 10) l.pop_front();
    }
    EXPECT_TRUE(l.is_compact());
    EXPECT_EQ(l.size(), 10u);
    EXPECT_EQ(l.front(), "99990");
    EXPECT_TRUE(l.check_invariants());
}

// Random operations against a std::deque model, with small nodes so every path that crosses
// node boundaries runs often.
void random_ops(int fill, unsigned seed) {
    std::mt19937 rng(seed);
    ListValue l(fill);
    std::deque<std::string> m;
    auto val = [&] {
        int kind = static_cast<int>(rng() % 10);
        if (kind == 0) return std::string(rng() % 300, 'L');
        return std::to_string(rng() % 20);
    };
    auto idx = [&](size_t len) -> long long {
        long long r =
            static_cast<long long>(rng() % (len * 2 + 4)) - static_cast<long long>(len) - 2;
        return r;
    };
    for (int step = 0; step < 20000; step++) {
        const size_t len = m.size();
        switch (rng() % 12) {
            case 0:
            case 1: {
                auto v = val();
                l.push_back(v);
                m.push_back(v);
                break;
            }
            case 2:
            case 3: {
                auto v = val();
                l.push_front(v);
                m.push_front(v);
                break;
            }
            case 4:
                if (len) {
                    ASSERT_EQ(l.front(), m.front());
                    l.pop_front();
                    m.pop_front();
                }
                break;
            case 5:
                if (len) {
                    ASSERT_EQ(l.back(), m.back());
                    l.pop_back();
                    m.pop_back();
                }
                break;
            case 6: {
                long long i = idx(len);
                long long j = i < 0 ? i + static_cast<long long>(len) : i;
                auto got = l.at(i);
                if (j >= 0 && j < static_cast<long long>(len)) {
                    ASSERT_TRUE(got);
                    ASSERT_EQ(*got, m[static_cast<size_t>(j)]);
                    auto v = val();
                    ASSERT_TRUE(l.set(i, v));
                    m[static_cast<size_t>(j)] = v;
                } else {
                    ASSERT_FALSE(got);
                    ASSERT_FALSE(l.set(i, "x"));
                }
                break;
            }
            case 7: {
                auto pivot = std::to_string(rng() % 20);
                auto v = val();
                bool after = rng() % 2;
                auto it = std::find(m.begin(), m.end(), pivot);
                ASSERT_EQ(l.insert(pivot, v, after), it != m.end());
                if (it != m.end()) m.insert(after ? it + 1 : it, v);
                break;
            }
            case 8: {
                auto v = std::to_string(rng() % 20);
                long long count = static_cast<long long>(rng() % 5) - 2;
                size_t removed = 0;
                if (count >= 0) {
                    for (auto it = m.begin(); it != m.end();) {
                        if (*it == v && (count == 0 || removed < static_cast<size_t>(count))) {
                            it = m.erase(it);
                            removed++;
                        } else {
                            ++it;
                        }
                    }
                } else {
                    for (size_t k = m.size(); k > 0; k--) {
                        if (m[k - 1] == v && removed < static_cast<size_t>(-count)) {
                            m.erase(m.begin() + static_cast<long>(k - 1));
                            removed++;
                        }
                    }
                }
                ASSERT_EQ(l.remove(v, count), removed);
                break;
            }
            case 9:
                if (len && rng() % 64 == 0) {
                    size_t start = rng() % len;
                    size_t n = rng() % (len - start + 1);
                    l.keep_range(start, n);
                    m = std::deque<std::string>(m.begin() + static_cast<long>(start),
                                                m.begin() + static_cast<long>(start + n));
                }
                break;
            case 10:
                if (len) {
                    size_t start = rng() % len;
                    size_t n = rng() % (std::min<size_t>(len - start, 50) + 1);
                    l.erase_range(start, n);
                    m.erase(m.begin() + static_cast<long>(start),
                            m.begin() + static_cast<long>(start + n));
                }
                break;
            case 11: {
                auto v = std::to_string(rng() % 20);
                long long rank = static_cast<long long>(rng() % 3) + 1;
                if (rng() % 2) rank = -rank;
                long long count = static_cast<long long>(rng() % 3);
                long long maxlen = static_cast<long long>(rng() % 3) * 10;
                std::vector<long long> want;
                long long matches = 0;
                for (size_t k = 0; k < len; k++) {
                    if (maxlen && static_cast<long long>(k) >= maxlen) break;
                    size_t pos = rank > 0 ? k : len - 1 - k;
                    if (m[pos] == v && ++matches >= (rank > 0 ? rank : -rank)) {
                        want.push_back(static_cast<long long>(pos));
                        if (count && static_cast<long long>(want.size()) >= count) break;
                    }
                }
                ASSERT_EQ(l.positions(v, rank, count, maxlen), want);
                break;
            }
        }
        ASSERT_EQ(l.size(), m.size());
        if (step % 97 == 0) {
            ASSERT_TRUE(l.check_invariants()) << "step " << step;
            ASSERT_EQ(contents(l), model_vec(m)) << "step " << step;
            std::vector<std::string> rev(m.rbegin(), m.rend());
            ASSERT_EQ(reversed(l), rev);
        }
    }
    ASSERT_TRUE(l.check_invariants());
    ASSERT_EQ(contents(l), model_vec(m));
}

TEST(ListValue, RandomOpsMatchModelSmallNodes) {
    random_ops(4, 1);
}
TEST(ListValue, RandomOpsMatchModelTinyByteNodes) {
    random_ops(-1, 2);
}
TEST(ListValue, RandomOpsMatchModelDefault) {
    random_ops(-2, 3);
}
TEST(ListValue, RandomOpsMatchModelOnePerNode) {
    random_ops(0, 4);
}

// Plain nodes (DEBUG QUICKLIST-PACKED-THRESHOLD): restores the default when the test ends.
struct PackedThreshold {
    explicit PackedThreshold(uint64_t bytes) {
        EXPECT_TRUE(ListValue::set_packed_threshold(bytes));
    }
    ~PackedThreshold() { ListValue::set_packed_threshold(0); }
};

TEST(ListValue, PackedThresholdBounds) {
    EXPECT_EQ(ListValue::packed_threshold(), 1ULL << 30);
    EXPECT_FALSE(ListValue::set_packed_threshold((1ULL << 32) - (1ULL << 20) + 1));
    EXPECT_TRUE(ListValue::set_packed_threshold((1ULL << 32) - (1ULL << 20)));
    EXPECT_TRUE(ListValue::set_packed_threshold(0));
    EXPECT_EQ(ListValue::packed_threshold(), 1ULL << 30);
}

TEST(ListValue, LargeElementsGetNodesOfTheirOwn) {
    PackedThreshold t(100);
    ListValue l;
    l.push_back("a");
    l.push_back("b");
    l.push_back(std::string(100, 'L'));  // plain
    l.push_back("c");
    EXPECT_EQ(l.node_count(), 3u);
    EXPECT_EQ(contents(l), (std::vector<std::string>{"a", "b", std::string(100, 'L'), "c"}));
    ASSERT_TRUE(l.set(0, std::string(200, 'M')));  // LSET a large value into a packed node
    EXPECT_TRUE(l.check_invariants());
    EXPECT_EQ(l.node_count(), 4u);
    ASSERT_TRUE(l.insert("c", std::string(150, 'N'), false));  // LINSERT one before "c"
    EXPECT_TRUE(l.check_invariants());
    EXPECT_EQ(l.node_count(), 5u);
    EXPECT_EQ(contents(l),
              (std::vector<std::string>{std::string(200, 'M'), "b", std::string(100, 'L'),
                                        std::string(150, 'N'), "c"}));
    ListValue one;  // a list whose only element is large takes no small one beside it
    one.push_front(std::string(100, 'P'));
    one.push_front("x");
    EXPECT_EQ(one.node_count(), 2u);
}

TEST(ListValue, RandomOpsMatchModelWithPlainNodes) {
    PackedThreshold t(250);  // val() makes elements of up to 299 bytes
    random_ops(-2, 5);
    random_ops(4, 6);
}

}  // namespace
}  // namespace cairn::db

// SCAN's guarantee: every element present for the whole scan is returned at least once, even
// when the table grows, shrinks or is mid-rehash between calls.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "db/dict.hpp"

namespace cairn::db {
namespace {

using Seen = std::map<std::string, int>;  // key -> times returned

// A full scan from cursor 0; between() runs after every call that does not end the scan.
Seen full_scan(
    Dict<int>& d, const std::function<void()>& between = [] {}) {
    Seen seen;
    uint64_t cursor = 0;
    size_t calls = 0;
    do {
        cursor = d.scan(cursor, [&](std::string_view k, int&) { seen[std::string(k)]++; });
        if (cursor != 0) between();
        calls++;
    } while (cursor != 0 && calls < 1'000'000);
    EXPECT_EQ(cursor, 0u) << "scan did not finish";
    return seen;
}

std::string key(const char* prefix, int i) {
    return prefix + std::to_string(i);
}

void finish_rehash(Dict<int>& d) {
    while (d.rehash_steps(1000)) {
    }
}

TEST(DictScan, EmptyDict) {
    Dict<int> d;
    int calls = 0;
    EXPECT_EQ(d.scan(0, [&](std::string_view, int&) { calls++; }), 0u);
    EXPECT_EQ(calls, 0);
}

TEST(DictScan, StableTableReturnsEachKeyOnce) {
    Dict<int> d;
    for (int i = 0; i < 5000; i++) d.insert(key("k", i), i);
    finish_rehash(d);
    Seen seen = full_scan(d);
    EXPECT_EQ(seen.size(), 5000u);
    for (auto& [k, n] : seen) EXPECT_EQ(n, 1) << k;
}

TEST(DictScan, GuaranteeUnderGrowth) {
    for (int inserts_per_call : {1, 2, 3}) {
        Dict<int> d;
        const int initial = 100;
        for (int i = 0; i < initial; i++) d.insert(key("a", i), i);
        finish_rehash(d);
        const size_t buckets_before = d.bucket_count();
        int next = 0;
        bool saw_rehashing = false;
        Seen seen = full_scan(d, [&] {
            for (int j = 0; j < inserts_per_call; j++) d.insert(key("b", next++), 0);
            saw_rehashing |= d.is_rehashing();
        });
        EXPECT_TRUE(saw_rehashing);
        EXPECT_GE(d.bucket_count(), buckets_before * 2) << "expected growth mid-scan";
        for (int i = 0; i < initial; i++) EXPECT_TRUE(seen.count(key("a", i))) << i;
        for (auto& [k, n] : seen) EXPECT_TRUE(d.contains(k)) << k;
    }
}

TEST(DictScan, GuaranteeUnderShrink) {
    Dict<int> d;
    const int total = 20000;
    for (int i = 0; i < total; i++) d.insert(key("k", i), i);
    finish_rehash(d);
    const size_t buckets_before = d.bucket_count();
    // Keep every 100th key; delete the rest, 500 between each scan call.
    std::vector<std::string> doomed;
    for (int i = 0; i < total; i++) {
        if (i % 100 != 0) doomed.push_back(key("k", i));
    }
    size_t next_doomed = 0;
    bool saw_rehashing = false;
    size_t min_buckets = buckets_before;
    Seen seen = full_scan(d, [&] {
        for (int j = 0; j < 500 && next_doomed < doomed.size(); j++) d.erase(doomed[next_doomed++]);
        saw_rehashing |= d.is_rehashing();
        d.rehash_steps(100);  // as the cron would
        if (!d.is_rehashing()) min_buckets = std::min(min_buckets, d.bucket_count());
    });
    EXPECT_TRUE(saw_rehashing);
    EXPECT_LE(min_buckets, buckets_before / 8) << "expected shrinking mid-scan";
    for (int i = 0; i < total; i += 100) EXPECT_TRUE(seen.count(key("k", i))) << i;
}

TEST(DictScan, WhileGrowRehashIsInProgress) {
    Dict<int> d;
    int n = 0;
    while (!(d.is_rehashing() && n > 1000)) {
        d.insert(key("k", n), n);
        n++;
    }
    // Scanning does no rehash steps, so both tables stay live for the whole scan, and with
    // no changes every key comes back exactly once.
    Seen seen = full_scan(d, [&] { ASSERT_TRUE(d.is_rehashing()); });
    EXPECT_TRUE(d.is_rehashing());
    EXPECT_EQ(seen.size(), static_cast<size_t>(n));
    for (auto& [k, count] : seen) EXPECT_EQ(count, 1) << k;
}

TEST(DictScan, WhileShrinkRehashIsInProgress) {
    Dict<int> d;
    for (int i = 0; i < 4000; i++) d.insert(key("k", i), i);
    finish_rehash(d);
    int i = 0;
    while (!d.is_rehashing()) d.erase(key("k", i++));
    ASSERT_LT(d.size(), 500u);
    Seen seen = full_scan(d, [&] { ASSERT_TRUE(d.is_rehashing()); });
    EXPECT_EQ(seen.size(), d.size());
    for (auto& [k, count] : seen) EXPECT_EQ(count, 1) << k;
}

TEST(DictScan, RehashProgressesBetweenCalls) {
    Dict<int> d;
    int n = 0;
    while (!(d.is_rehashing() && n > 4000)) {
        d.insert(key("k", n), n);
        n++;
    }
    // Lookups between calls move buckets from the old table to the new one mid-scan.
    std::mt19937 rng(1);
    bool finished_mid_scan = false;
    Seen seen = full_scan(d, [&] {
        for (int j = 0; j < 4; j++) d.find(key("k", static_cast<int>(rng() % n)));
        finished_mid_scan |= !d.is_rehashing();
    });
    EXPECT_TRUE(finished_mid_scan);
    for (int i = 0; i < n; i++) EXPECT_TRUE(seen.count(key("k", i))) << i;
}

// Random mixes of growth, shrinking and explicit rehash steps between scan calls. Values
// are ids, so bookkeeping is by index.
TEST(DictScan, GuaranteeUnderRandomChurn) {
    for (unsigned seed = 1; seed <= 16; seed++) {
        std::mt19937 rng(seed);
        Dict<int> d;
        int next_id = 0;
        std::vector<int> stable, deletable;
        auto add = [&](std::vector<int>& group) {
            d.insert(key("k", next_id), next_id);
            group.push_back(next_id++);
        };
        const int initial = static_cast<int>(rng() % 1000);
        for (int i = 0; i < initial; i++) add(rng() % 4 == 0 ? stable : deletable);

        std::vector<char> seen;
        uint64_t cursor = 0;
        int calls = 0;
        do {
            cursor = d.scan(cursor, [&](std::string_view k, int& id) {
                ASSERT_EQ(k, key("k", id));
                if (seen.size() <= static_cast<size_t>(id)) seen.resize(id + 1);
                seen[id] = 1;
            });
            calls++;
            const bool grow_phase = (calls / 20) % 2 == 0;
            const int ops = static_cast<int>(rng() % 40);
            for (int j = 0; j < ops; j++) {
                const unsigned r = rng() % 10;
                if (r < (grow_phase ? 8u : 1u) && d.size() < 2000) {
                    add(deletable);
                } else if (r < 9 && !deletable.empty()) {
                    const size_t pick = rng() % deletable.size();
                    ASSERT_TRUE(d.erase(key("k", deletable[pick])));
                    deletable[pick] = deletable.back();
                    deletable.pop_back();
                } else {
                    d.rehash_steps(rng() % 8);
                }
            }
        } while (cursor != 0);
        seen.resize(next_id);
        for (int id : stable) ASSERT_TRUE(seen[id]) << "seed " << seed << " id " << id;
        EXPECT_EQ(d.size(), stable.size() + deletable.size());
    }
}

}  // namespace
}  // namespace cairn::db

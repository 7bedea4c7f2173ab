#include "db/dict.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace cairn::db {
namespace {

std::string key(int i) {
    return "key:" + std::to_string(i);
}

// Finishes any rehash in progress so bucket_count() is one table's size.
template <class V>
void finish_rehash(Dict<V>& d) {
    while (d.rehash_steps(1000)) {
    }
}

TEST(Dict, InsertFindErase) {
    Dict<int> d;
    EXPECT_TRUE(d.empty());
    EXPECT_EQ(d.find("a"), nullptr);
    EXPECT_FALSE(d.erase("a"));

    auto [v, inserted] = d.insert("a", 1);
    ASSERT_TRUE(inserted);
    EXPECT_EQ(*v, 1);
    auto [v2, inserted2] = d.insert(std::string("a"), 2);
    EXPECT_FALSE(inserted2);
    EXPECT_EQ(v2, v);
    EXPECT_EQ(*v2, 1);  // insert does not overwrite
    EXPECT_FALSE(d.insert_or_assign("a", 3));
    EXPECT_EQ(*d.find("a"), 3);
    EXPECT_TRUE(d.insert_or_assign(std::string_view("b"), 4));
    EXPECT_EQ(d.size(), 2u);
    EXPECT_TRUE(d.contains("b"));

    const Dict<int>& cd = d;
    ASSERT_NE(cd.find("b"), nullptr);
    EXPECT_EQ(*cd.find("b"), 4);
    EXPECT_EQ(d.find_entry("b")->key(), "b");

    EXPECT_TRUE(d.erase("a"));
    EXPECT_FALSE(d.erase("a"));
    EXPECT_EQ(d.find("a"), nullptr);
    EXPECT_EQ(d.size(), 1u);
}

TEST(Dict, BinarySafeKeys) {
    Dict<int> d;
    const std::string a("a\0b", 3), b("a\0c", 3), c("a", 1);
    d.insert(a, 1);
    d.insert(b, 2);
    d.insert(c, 3);
    d.insert(std::string(), 4);
    EXPECT_EQ(d.size(), 4u);
    EXPECT_EQ(*d.find(a), 1);
    EXPECT_EQ(*d.find(b), 2);
    EXPECT_EQ(*d.find(c), 3);
    EXPECT_EQ(*d.find(""), 4);
    EXPECT_EQ(d.find(std::string("a\0", 2)), nullptr);
}

// Keys live in their entry's allocation, right after it: every length round-trips, entries
// keep their addresses while the table grows, and the allocation is entry plus key bytes.
TEST(Dict, KeysOfEveryLengthLiveInTheirEntry) {
    Dict<std::string> d;
    std::vector<std::string> keys;
    for (size_t len : {0, 1, 7, 15, 16, 17, 31, 64, 1000, 100000}) {
        keys.push_back(std::string(len, 'k') + std::string("\0x", 2));
    }
    std::vector<const DictEntry<std::string>*> entries;
    for (const std::string& k : keys) {
        auto [e, inserted] = d.try_emplace_entry(k, "v" + k);
        ASSERT_TRUE(inserted);
        EXPECT_EQ(e->key(), k);
        entries.push_back(e);
    }
    for (int i = 0; i < 1000; i++) d.insert(key(i), "x");  // grows and rehashes
    finish_rehash(d);
    for (size_t i = 0; i < keys.size(); i++) {
        const auto* e = d.find_entry(keys[i]);
        ASSERT_EQ(e, entries[i]);
        EXPECT_EQ(e->key(), keys[i]);
        EXPECT_EQ(e->value, "v" + keys[i]);
        EXPECT_EQ(reinterpret_cast<const char*>(e->key().data()),
                  reinterpret_cast<const char*>(e) + sizeof(*e));
    }
    EXPECT_EQ(Dict<std::string>::entry_bytes("abc"), sizeof(DictEntry<std::string>) + 3);
    for (const std::string& k : keys) EXPECT_TRUE(d.erase(k));
    EXPECT_EQ(d.size(), 1000u);
}

// Keys of 4 GiB and more keep their length in front of their bytes; the threshold is lowered
// here so that short keys take that path.
TEST(Dict, LongKeysKeepTheirLengthBeforeTheirBytes) {
    const uint64_t saved = dict_long_key_from;
    dict_long_key_from = 8;
    {
        Dict<int> d;
        const std::string shorter(7, 's'), at(8, 'a'), longer = std::string(300, 'l') + "\0z";
        for (int round = 0; round < 2; round++) {
            d.insert(shorter, 1);
            d.insert(at, 2);
            d.insert(longer, 3);
            for (int i = 0; i < 100; i++) d.insert(key(i), i);  // grows and rehashes
            finish_rehash(d);
            EXPECT_EQ(d.find_entry(shorter)->key(), shorter);
            EXPECT_EQ(d.find_entry(at)->key(), at);
            EXPECT_EQ(d.find_entry(longer)->key(), longer);
            EXPECT_EQ(*d.find(at), 2);
            EXPECT_EQ(*d.find(longer), 3);
            EXPECT_EQ(d.find(std::string(8, 'b')), nullptr);
            EXPECT_EQ(Dict<int>::entry_bytes(shorter), sizeof(DictEntry<int>) + 7);
            EXPECT_EQ(Dict<int>::entry_bytes(at), sizeof(DictEntry<int>) + 8 + 8);
            std::set<std::string> seen;
            d.for_each([&](std::string_view k, int&) { seen.emplace(k); });
            EXPECT_EQ(seen.count(longer), 1u);
            EXPECT_TRUE(d.erase(longer));
            EXPECT_TRUE(d.erase(at));
            EXPECT_EQ(d.find(longer), nullptr);
            d.clear();
        }
    }
    dict_long_key_from = saved;
}

TEST(Dict, TryEmplaceLeavesArgumentsWhenPresent) {
    Dict<std::unique_ptr<int>> d;
    auto p = std::make_unique<int>(1);
    EXPECT_TRUE(d.try_emplace("k", std::move(p)).second);
    EXPECT_EQ(p, nullptr);
    auto q = std::make_unique<int>(2);
    auto [slot, inserted] = d.try_emplace("k", std::move(q));
    EXPECT_FALSE(inserted);
    ASSERT_NE(q, nullptr);  // not moved from
    EXPECT_EQ(**slot, 1);
}

TEST(Dict, GrowsAtLoadFactorOne) {
    Dict<int> d;
    d.insert("first", 0);
    EXPECT_EQ(d.bucket_count(), 4u);
    for (int i = 1; i < 4; i++) d.insert(key(i), i);
    EXPECT_FALSE(d.is_rehashing());
    EXPECT_EQ(d.bucket_count(), 4u);
    d.insert(key(4), 4);  // size 4 >= 4 buckets: expand to 8
    EXPECT_EQ(d.size(), 5u);
    finish_rehash(d);
    EXPECT_EQ(d.bucket_count(), 8u);

    for (int i = 5; i < 10000; i++) d.insert(key(i), i);
    finish_rehash(d);
    EXPECT_EQ(d.bucket_count(), 16384u);
    for (int i = 1; i < 10000; i++) {
        ASSERT_NE(d.find(key(i)), nullptr) << i;
        EXPECT_EQ(*d.find(key(i)), i);
    }
}

TEST(Dict, LookupsWorkWhileRehashing) {
    Dict<int> d;
    int n = 0;
    while (!d.is_rehashing()) {
        d.insert(key(n), n);
        n++;
    }
    // Both tables live; every entry findable and insert/erase behave.
    for (int i = 0; i < n; i++) ASSERT_NE(d.find(key(i)), nullptr);
    EXPECT_TRUE(d.erase(key(0)));
    EXPECT_EQ(d.find(key(0)), nullptr);
    EXPECT_FALSE(d.insert(key(1), 99).second);
    EXPECT_EQ(d.size(), static_cast<size_t>(n - 1));
}

TEST(Dict, HashedInsertsWithPrefetchMatchPlainInserts) {
    // The bulk-loading path (prefetch, then try_emplace_hashed), also across a rehash.
    Dict<int> d;
    for (int i = 0; i < 3000; i++) {
        const uint64_t h = dict_hash(key(i));
        d.prefetch_bucket(h, Warm::Hint);
        d.prefetch_chain(h, Warm::Load);
        auto [e, inserted] = d.try_emplace_hashed(h, key(i), i);
        ASSERT_TRUE(inserted);
        EXPECT_EQ(e->key(), key(i));
    }
    for (int i = 0; i < 3000; i++) ASSERT_EQ(*d.find(key(i)), i);
    std::string again = key(7);
    auto [e, inserted] = d.try_emplace_hashed(dict_hash(again), std::move(again), 99);
    EXPECT_FALSE(inserted);
    EXPECT_EQ(e->value, 7);
    EXPECT_EQ(again, key(7));  // not moved from when the key is there
    EXPECT_FALSE(d.insert_or_assign_hashed(dict_hash(key(8)), key(8), 80));
    EXPECT_EQ(*d.find(key(8)), 80);
}

TEST(Dict, ShrinksBelowTenPercentFill) {
    Dict<int> d;
    for (int i = 0; i < 1000; i++) d.insert(key(i), i);
    finish_rehash(d);
    EXPECT_EQ(d.bucket_count(), 1024u);
    for (int i = 10; i < 1000; i++) ASSERT_TRUE(d.erase(key(i)));
    finish_rehash(d);
    d.shrink_if_needed();
    finish_rehash(d);
    EXPECT_EQ(d.size(), 10u);
    EXPECT_EQ(d.bucket_count(), 16u);
    for (int i = 0; i < 10; i++) EXPECT_EQ(*d.find(key(i)), i);

    for (int i = 0; i < 10; i++) d.erase(key(i));
    finish_rehash(d);
    d.shrink_if_needed();
    finish_rehash(d);
    EXPECT_EQ(d.bucket_count(), 4u);  // minimum size
}

TEST(Dict, ReserveAndClear) {
    Dict<int> d;
    EXPECT_TRUE(d.reserve(1000));
    EXPECT_EQ(d.bucket_count(), 1024u);
    EXPECT_FALSE(d.is_rehashing());
    for (int i = 0; i < 1000; i++) d.insert(key(i), i);
    EXPECT_EQ(d.bucket_count(), 1024u);
    EXPECT_GT(d.memory_usage(), 1000 * sizeof(DictEntry<int>));
    d.clear();
    EXPECT_EQ(d.size(), 0u);
    EXPECT_EQ(d.bucket_count(), 0u);
    EXPECT_EQ(d.find(key(1)), nullptr);
    d.insert("again", 1);
    EXPECT_EQ(*d.find("again"), 1);
}

TEST(Dict, SwapAndMove) {
    Dict<int> a, b;
    for (int i = 0; i < 100; i++) a.insert(key(i), i);
    b.insert("only", 1);
    a.swap(b);
    EXPECT_EQ(a.size(), 1u);
    EXPECT_EQ(b.size(), 100u);
    EXPECT_EQ(*b.find(key(50)), 50);

    Dict<int> c(std::move(b));
    EXPECT_EQ(b.size(), 0u);
    EXPECT_EQ(c.size(), 100u);
    EXPECT_EQ(*c.find(key(99)), 99);
    a = std::move(c);
    EXPECT_EQ(a.size(), 100u);
    EXPECT_EQ(a.find("only"), nullptr);
}

TEST(Dict, ForEachVisitsEverythingOnceEvenWhileRehashing) {
    Dict<int> d;
    int n = 0;
    while (!d.is_rehashing() || n < 100) {
        d.insert(key(n), n);
        n++;
    }
    ASSERT_TRUE(d.is_rehashing());
    std::map<std::string, int> seen;
    d.for_each([&](std::string_view k, int& v) {
        EXPECT_EQ(key(v), k);
        seen[std::string(k)]++;
    });
    EXPECT_EQ(seen.size(), static_cast<size_t>(n));
    for (auto& [k, count] : seen) EXPECT_EQ(count, 1) << k;
}

TEST(Dict, RandomEntryReturnsExistingKeys) {
    set_dict_random_seed(42);
    Dict<int> d;
    EXPECT_EQ(d.random_entry(), nullptr);
    for (int i = 0; i < 20; i++) d.insert(key(i), i);
    std::set<std::string> seen;
    for (int i = 0; i < 5000; i++) {
        auto* e = d.random_entry();
        ASSERT_NE(e, nullptr);
        ASSERT_EQ(*d.find(e->key()), e->value);
        seen.emplace(e->key());
    }
    EXPECT_EQ(seen.size(), 20u);  // every key comes up

    // Also while rehashing and in a sparse table.
    Dict<int> big;
    for (int i = 0; i < 5000; i++) big.insert(key(i), i);
    for (int i = 0; i < 4990; i++) big.erase(key(i));
    for (int i = 0; i < 1000; i++) {
        auto* e = big.random_entry();
        ASSERT_NE(e, nullptr);
        EXPECT_GE(e->value, 4990);
    }
}

TEST(Dict, SampleReturnsExistingEntries) {
    set_dict_random_seed(7);
    Dict<int> d;
    std::vector<DictEntry<int>*> out;
    EXPECT_EQ(d.sample(5, out), 0u);
    for (int i = 0; i < 1000; i++) d.insert(key(i), i);
    for (int round = 0; round < 100; round++) {
        size_t n = d.sample(16, out);
        EXPECT_GT(n, 0u);
        EXPECT_LE(n, 16u);
        ASSERT_EQ(out.size(), n);
        for (auto* e : out) EXPECT_EQ(*d.find(e->key()), e->value);
    }
    Dict<int> small;
    small.insert("x", 1);
    EXPECT_EQ(small.sample(10, out), 1u);
    EXPECT_EQ(out[0]->key(), "x");
}

TEST(Dict, EntriesStayPutAcrossRehashing) {
    Dict<int> d;
    int* first = d.insert("first", 1).first;
    for (int i = 0; i < 5000; i++) d.insert(key(i), i);
    finish_rehash(d);
    EXPECT_EQ(d.find("first"), first);
}

}  // namespace
}  // namespace cairn::db

#include "db/database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace cairn::db {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;  // a unix-ms "now" for the tests

Object str(std::string s) {
    return Object::make_string(std::move(s));
}

TEST(Database, AddLoadedSetsTtlAndRefusesDuplicates) {
    Database db(0);
    std::vector<std::string> keys = {"a", "b", "c"};
    std::vector<uint64_t> hashes;
    for (const std::string& k : keys) hashes.push_back(Database::load_hash(k));
    for (uint64_t h : hashes) db.prefetch_buckets(h, true);
    for (uint64_t h : hashes) db.prefetch_chains(h, true);
    ASSERT_NE(db.add_loaded(std::string("a"), hashes[0], str("1"), -1, kNow), nullptr);
    ASSERT_NE(db.add_loaded(std::string("b"), hashes[1], str("2"), kNow + 5000, kNow), nullptr);
    EXPECT_EQ(db.expire_of("a"), -1);
    EXPECT_EQ(db.expire_of("b"), kNow + 5000);
    EXPECT_EQ(db.expires_size(), 1u);
    // A key already there is a duplicate in the file: not replaced.
    EXPECT_EQ(db.add_loaded(std::string("a"), hashes[0], str("x"), -1, kNow), nullptr);
    EXPECT_EQ(db.lookup("a", kNow)->str, "1");
    // No lazy expiry on the way in (dbAddRDBLoad): the caller drops expired keys itself.
    ASSERT_NE(db.add_loaded(std::string("c"), hashes[2], str("3"), kNow - 1, kNow), nullptr);
    EXPECT_EQ(db.size(), 3u);
}

TEST(Database, PrefetchKeysIsOnlyAHint) {
    // Empty, growing (two tables while rehashing), present and absent keys, long keys and
    // values (their own allocations), integers: nothing changes, nothing is read wrong.
    Database db(0);
    std::vector<std::string> names;
    for (int i = 0; i < 40; i++) names.push_back("key:" + std::string(20, 'k') + std::to_string(i));
    std::vector<std::string_view> views(names.begin(), names.end());
    db.prefetch_keys(views.data(), 16);
    for (int i = 0; i < 40; i++) {
        db.set(names[static_cast<size_t>(i)], str(i % 2 ? std::string(30, 'v') : "12"), kNow);
        db.prefetch_keys(views.data() + i / 2,
                         std::min<size_t>(16, 40 - static_cast<size_t>(i / 2)));
    }
    db.prefetch_keys(views.data(), 40);  // more than a batch: the first kPrefetchBatch
    // The empty key: its bytes (none) end its entry's allocation, so none may be read.
    db.set("", str("empty"), kNow);
    const std::string_view empty_and_one[] = {"", views[1]};
    db.prefetch_keys(empty_and_one, 2);
    EXPECT_EQ(db.lookup("", kNow)->str, "empty");
    db.remove("");
    EXPECT_EQ(db.size(), 40u);
    EXPECT_EQ(db.lookup(names[3], kNow)->str, std::string(30, 'v'));
    EXPECT_EQ(db.lookup(names[4], kNow)->str, "12");
}

TEST(Database, SetLookupRemove) {
    Database db(3);
    EXPECT_EQ(db.id(), 3);
    EXPECT_EQ(db.lookup("k", kNow), nullptr);
    db.set("k", str("v"), kNow);
    Object* o = db.lookup("k", kNow);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->str, "v");
    EXPECT_TRUE(db.exists("k", kNow));
    EXPECT_EQ(db.size(), 1u);

    db.set("k", str("w"), kNow);
    EXPECT_EQ(db.lookup("k", kNow)->str, "w");
    EXPECT_EQ(db.size(), 1u);

    EXPECT_TRUE(db.remove("k"));
    EXPECT_FALSE(db.remove("k"));
    EXPECT_FALSE(db.exists("k", kNow));
}

TEST(Database, AddOnlyWhenAbsent) {
    Database db(0);
    Object* o = db.add("k", str("1"), kNow);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->str, "1");
    EXPECT_EQ(db.add("k", str("2"), kNow), nullptr);
    EXPECT_EQ(db.lookup("k", kNow)->str, "1");

    db.set_expire("k", kNow + 10);
    Object* again = db.add("k", str("3"), kNow + 11);  // the old key expired first
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->str, "3");
    EXPECT_EQ(db.expire_stats().expired_keys, 1u);
    EXPECT_EQ(db.expire_of("k"), -1);
}

TEST(Database, LazyExpiryOnLookupAndExists) {
    Database db(5);
    std::vector<std::pair<int, std::string>> hooked;
    db.set_expired_hook([&](int id, std::string_view key) { hooked.emplace_back(id, key); });
    db.set("a", str("1"), kNow);
    db.set("b", str("2"), kNow);
    db.set_expire("a", kNow + 1000);
    db.set_expire("b", kNow + 1000);
    EXPECT_EQ(db.expires_size(), 2u);
    EXPECT_EQ(db.expire_of("a"), kNow + 1000);

    EXPECT_NE(db.lookup("a", kNow + 1000), nullptr);  // alive during its expiry millisecond
    EXPECT_EQ(db.lookup("a", kNow + 1001), nullptr);  // past it: gone, as Redis's keyIsExpired
    EXPECT_FALSE(db.exists("b", kNow + 5000));
    EXPECT_EQ(db.size(), 0u);
    EXPECT_EQ(db.expires_size(), 0u);
    EXPECT_EQ(db.expire_stats().expired_keys, 2u);
    ASSERT_EQ(hooked.size(), 2u);
    EXPECT_EQ(hooked[0], std::make_pair(5, std::string("a")));
    EXPECT_EQ(hooked[1], std::make_pair(5, std::string("b")));
    EXPECT_EQ(db.expire_of("a"), -1);
}

TEST(Database, NewKeyHookFiresOnlyWhenAKeyIsCreated) {
    Database db(2);
    std::vector<std::string> order;
    db.set_new_key_hook([&](int id, std::string_view key) {
        EXPECT_EQ(id, 2);
        order.push_back("new " + std::string(key));
    });
    db.set_expired_hook(
        [&](int, std::string_view key) { order.push_back("expired " + std::string(key)); });
    db.set("a", str("1"), kNow);
    db.set("a", str("2"), kNow);  // an overwrite is not a new key
    EXPECT_NE(db.add("b", str("1"), kNow), nullptr);
    EXPECT_EQ(db.add("b", str("2"), kNow), nullptr);  // already there: nothing created
    db.set_expire("a", kNow + 10);
    db.set("a", str("3"), kNow + 20);  // the expired key goes first, then a new one
    EXPECT_EQ(order, (std::vector<std::string>{"new a", "new b", "expired a", "new a"}));
}

TEST(Database, SetClearsTtlUnlessKeepTtl) {
    Database db(0);
    db.set("k", str("1"), kNow);
    db.set_expire("k", kNow + 5000);
    db.set("k", str("2"), kNow, /*keep_ttl=*/true);
    EXPECT_EQ(db.expire_of("k"), kNow + 5000);
    db.set("k", str("3"), kNow);
    EXPECT_EQ(db.expire_of("k"), -1);
    EXPECT_EQ(db.expires_size(), 0u);

    // KEEPTTL on a key that already expired does not carry the old TTL over.
    db.set_expire("k", kNow + 10);
    db.set("k", str("4"), kNow + 20, /*keep_ttl=*/true);
    EXPECT_EQ(db.expire_of("k"), -1);
    EXPECT_EQ(db.lookup("k", kNow + 20)->str, "4");
    EXPECT_EQ(db.expire_stats().expired_keys, 1u);
}

TEST(Database, PersistAndRemoveDropTtl) {
    Database db(0);
    db.set("k", str("1"), kNow);
    EXPECT_FALSE(db.persist("k"));
    db.set_expire("k", kNow + 100);
    db.set_expire("k", kNow + 200);  // overwrite
    EXPECT_EQ(db.expire_of("k"), kNow + 200);
    EXPECT_EQ(db.expires_size(), 1u);
    EXPECT_TRUE(db.persist("k"));
    EXPECT_EQ(db.expire_of("k"), -1);
    EXPECT_TRUE(db.exists("k", kNow + 1000));

    db.set_expire("k", kNow + 100);
    EXPECT_TRUE(db.remove("k"));
    EXPECT_EQ(db.expires_size(), 0u);
    db.set("k", str("again"), kNow);
    EXPECT_EQ(db.expire_of("k"), -1);
}

TEST(Database, AccessTimeForIdleTime) {
    Database db(0);
    db.set("k", str("v"), 5'000);
    EXPECT_EQ(db.lookup("k", 5'000, false)->access_time, 5u);
    db.lookup("k", 9'999);
    EXPECT_EQ(db.lookup("k", 12'000, false)->access_time, 9u);
    db.add("n", str("v"), 42'000);
    EXPECT_EQ(db.lookup("n", 0, false)->access_time, 42u);
}

TEST(Database, ActiveExpireRemovesExpiredKeepsLive) {
    Database db(0);
    size_t hooked = 0;
    db.set_expired_hook([&](int, std::string_view) { hooked++; });
    for (int i = 0; i < 10000; i++) {
        const std::string k = "key:" + std::to_string(i);
        db.set(k, str("v"), kNow);
        if (i % 10 < 8) {
            db.set_expire(k, kNow - 1 - i);  // expired
        } else if (i % 10 == 8) {
            db.set_expire(k, kNow + 60'000);  // live, volatile
        }
    }
    ASSERT_EQ(db.expires_size(), 9000u);

    // With 80% of the volatile keys expired the cycle keeps going until the stale share
    // drops to 10% or below; repeated cycles (as the cron would run) clear nearly all.
    size_t expired = 0;
    for (int cycle = 0; cycle < 1000 && db.size() > 2000; cycle++) {
        expired += db.active_expire(kNow, 20, kNow + 25);
    }
    EXPECT_EQ(db.size(), 2000u);
    EXPECT_EQ(db.expires_size(), 1000u);
    EXPECT_EQ(expired, 8000u);
    EXPECT_EQ(hooked, 8000u);
    EXPECT_EQ(db.expire_stats().expired_keys, 8000u);
    EXPECT_GT(db.expire_stats().expired_stale_ratio, 0.0);
    EXPECT_GT(db.avg_ttl(), 0);
    for (int i = 0; i < 10000; i++) {
        const bool live = i % 10 >= 8;
        EXPECT_EQ(db.exists("key:" + std::to_string(i), kNow), live) << i;
    }

    // Nothing expired now: one round samples and stops.
    EXPECT_EQ(db.active_expire(kNow, 20, kNow + 25), 0u);
    // Later everything volatile is due.
    size_t later = 0;
    for (int cycle = 0; cycle < 1000 && db.expires_size() > 0; cycle++) {
        later += db.active_expire(kNow + 60'001, 20, kNow + 60'026);
    }
    EXPECT_EQ(later, 1000u);
    EXPECT_EQ(db.size(), 1000u);
}

TEST(Database, ActiveExpireSingleCallLoopsWhileStale) {
    Database db(0);
    for (int i = 0; i < 2000; i++) {
        const std::string k = "key:" + std::to_string(i);
        db.set(k, str("v"), kNow);
        db.set_expire(k, kNow - 1);
    }
    // All sampled keys are expired, so one call keeps sampling until the budget (generous
    // here) or the keys run out.
    EXPECT_EQ(db.active_expire(kNow, 20, kNow + 10'000), 2000u);
    EXPECT_EQ(db.size(), 0u);
    EXPECT_EQ(db.active_expire(kNow, 20, kNow + 10), 0u);
}

TEST(Database, RandomKeyNeverReturnsExpired) {
    set_dict_random_seed(11);
    Database db(0);
    EXPECT_EQ(db.random_key(kNow), std::nullopt);
    for (int i = 0; i < 200; i++) {
        const std::string k = "key:" + std::to_string(i);
        db.set(k, str("v"), kNow);
        if (i % 10 != 0) db.set_expire(k, kNow - 1);
    }
    std::set<std::string> seen;
    for (int i = 0; i < 200; i++) {
        auto k = db.random_key(kNow);
        ASSERT_TRUE(k.has_value());
        EXPECT_EQ(db.expire_of(*k), -1);
        seen.insert(*k);
    }
    EXPECT_GT(seen.size(), 5u);
}

TEST(Database, RandomKeyGivesUpWhenAllVolatileKeysExpired) {
    Database db(0);
    for (int i = 0; i < 5000; i++) {
        const std::string k = "key:" + std::to_string(i);
        db.set(k, str("v"), kNow);
        db.set_expire(k, kNow - 1);
    }
    EXPECT_EQ(db.random_key(kNow), std::nullopt);
    EXPECT_GE(db.size(), 5000u - 100u);  // bounded work: at most ~100 deletions
    EXPECT_EQ(db.expire_stats().expired_keys, 5000u - db.size());

    Database small(1);
    small.set("a", str("v"), kNow);
    small.set_expire("a", kNow - 1);
    EXPECT_EQ(small.random_key(kNow), std::nullopt);
    EXPECT_EQ(small.size(), 0u);
}

TEST(Database, SwapExchangesContentsNotIds) {
    Database a(0), b(1);
    a.set("x", str("1"), kNow);
    a.set_expire("x", kNow + 100);
    b.set("y", str("2"), kNow);
    b.set("z", str("3"), kNow);
    a.swap(b);
    EXPECT_EQ(a.id(), 0);
    EXPECT_EQ(b.id(), 1);
    EXPECT_EQ(a.size(), 2u);
    EXPECT_EQ(b.size(), 1u);
    EXPECT_EQ(a.expire_of("x"), -1);
    EXPECT_EQ(b.expire_of("x"), kNow + 100);
    EXPECT_EQ(b.lookup("x", kNow)->str, "1");
    EXPECT_EQ(a.lookup("z", kNow)->str, "3");
}

TEST(Database, ScanForEachAndClear) {
    Database db(0);
    for (int i = 0; i < 1000; i++) db.set("k" + std::to_string(i), str("v"), kNow);
    std::set<std::string> scanned;
    uint64_t cursor = 0;
    do {
        cursor = db.scan(cursor, [&](std::string_view k, Object&) { scanned.emplace(k); });
    } while (cursor != 0);
    EXPECT_EQ(scanned.size(), 1000u);
    size_t count = 0;
    db.for_each([&](std::string_view, Object& o) {
        EXPECT_EQ(o.str, "v");
        count++;
    });
    EXPECT_EQ(count, 1000u);
    while (db.rehash_step(kNow + 1'000'000)) {
    }
    db.set_expire("k1", kNow + 5);
    db.clear();
    EXPECT_EQ(db.size(), 0u);
    EXPECT_EQ(db.expires_size(), 0u);
}

TEST(Database, RehashStepShrinksAfterMassDelete) {
    Database db(0);
    for (int i = 0; i < 5000; i++) db.set("k" + std::to_string(i), str("v"), kNow);
    for (int i = 0; i < 5000; i++) db.remove("k" + std::to_string(i));
    EXPECT_EQ(db.size(), 0u);
    int steps = 0;
    while (db.rehash_step(0) && steps < 1000) steps++;  // deadline passed: one batch each
    EXPECT_LT(steps, 1000);
    db.set("fresh", str("v"), kNow);
    EXPECT_TRUE(db.exists("fresh", kNow));
}

TEST(Database, MovableIntoAVector) {
    static_assert(std::is_nothrow_move_constructible_v<Database>);
    std::vector<Database> dbs;
    for (int i = 0; i < 16; i++) {
        dbs.emplace_back(i);
        dbs.back().set("k" + std::to_string(i), str("v"), kNow);
    }
    for (int i = 0; i < 16; i++) {
        EXPECT_EQ(dbs[i].id(), i);
        EXPECT_TRUE(dbs[i].exists("k" + std::to_string(i), kNow));
    }
}

}  // namespace
}  // namespace cairn::db

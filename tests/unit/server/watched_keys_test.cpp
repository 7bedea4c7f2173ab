// WATCH's rules without sockets: pseudo-clients, real databases.
#include <gtest/gtest.h>

#include "clients/client.hpp"
#include "db/database.hpp"
#include "net/connection.hpp"
#include "server/watched_keys.hpp"

namespace cairn {
namespace {

constexpr int64_t kNow = 1'000'000;

struct WatchTest : ::testing::Test {
    WatchedKeys w;
    db::Database d0{0};
    db::Database d1{1};
    Client a{1, nullptr, kNow};
    Client b{2, nullptr, kNow};

    void put(db::Database& d, const char* key) { d.set(key, db::Object::make_string("v"), kNow); }
    bool dirty(const Client& c) const { return (c.flags & kDirtyCas) != 0; }
};

TEST_F(WatchTest, TouchMarksEveryWatcherOfThatKeyOnly) {
    w.watch(a, 0, "k", false);
    w.watch(b, 0, "other", false);
    w.touch(d0, "k");
    EXPECT_TRUE(dirty(a));
    EXPECT_FALSE(dirty(b));
    // A dirty client stops watching: its keys are released.
    EXPECT_TRUE(a.tx()->watched.empty());
    EXPECT_EQ(w.key_count(), 1u);
}

TEST_F(WatchTest, SameKeyInAnotherDbIsUnrelated) {
    w.watch(a, 0, "k", false);
    w.touch(d1, "k");
    EXPECT_FALSE(dirty(a));
}

TEST_F(WatchTest, WatchingTwiceKeepsOneEntry) {
    w.watch(a, 0, "k", false);
    w.watch(a, 0, "k", false);
    EXPECT_EQ(a.tx()->watched.size(), 1u);
    w.unwatch_all(a);
    EXPECT_TRUE(w.empty());
}

TEST_F(WatchTest, KeyExpiredWhenWatchedAndDeletedSinceIsNoChange) {
    w.watch(a, 0, "k", true);
    w.touch(d0, "k");  // the expired key was deleted: it is not in d0
    EXPECT_FALSE(dirty(a));
    put(d0, "k");  // but a new value is a change
    w.touch(d0, "k");
    EXPECT_TRUE(dirty(a));
}

TEST_F(WatchTest, FlushTouchesOnlyKeysThatExist) {
    put(d0, "present");
    w.watch(a, 0, "present", false);
    w.watch(b, 0, "absent", false);
    w.touch_all_in_db(d0, nullptr, kNow);
    EXPECT_TRUE(dirty(a));
    EXPECT_FALSE(dirty(b));
}

TEST_F(WatchTest, SwapBringingAKeyInTouchesIt) {
    put(d1, "k");
    w.watch(a, 0, "k", false);
    w.touch_all_in_db(d0, &d1, kNow);
    EXPECT_TRUE(dirty(a));
}

TEST_F(WatchTest, SwapBringingAnExpiredKeyInIsNoChange) {
    d1.set("k", db::Object::make_string("v"), kNow);
    d1.set_expire("k", kNow - 1);
    w.watch(a, 0, "k", false);
    w.touch_all_in_db(d0, &d1, kNow);
    EXPECT_FALSE(dirty(a));
    EXPECT_TRUE(a.tx()->watched.front().expired);
}

}  // namespace
}  // namespace cairn

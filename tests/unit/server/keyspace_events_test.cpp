#include <gtest/gtest.h>

#include "config/config.hpp"
#include "server/keyspace_events.hpp"

namespace cairn {
namespace {

namespace notify = config::notify;

int flags(std::string_view letters) {
    return config::notify_flags_from_string(letters);
}

TEST(KeyspaceEvents, ChannelsNameTheDatabaseAndTheKeyOrEvent) {
    EXPECT_EQ(keyspace_channel(0, "mykey"), "__keyspace@0__:mykey");
    EXPECT_EQ(keyevent_channel(15, "del"), "__keyevent@15__:del");
    EXPECT_EQ(keyspace_channel(3, std::string_view("a\0b", 3)),
              std::string("__keyspace@3__:a\0b", 18));
}

TEST(KeyspaceEvents, AnEventNeedsItsClassBit) {
    EXPECT_TRUE(keyspace_event_enabled(flags("Kz"), notify::Zset));
    EXPECT_FALSE(keyspace_event_enabled(flags("Kz"), notify::Generic));
    EXPECT_TRUE(keyspace_event_enabled(flags("Eg$lshzxet"), notify::Expired));
    EXPECT_FALSE(keyspace_event_enabled(flags(""), notify::String));
}

TEST(KeyspaceEvents, AllLeavesOutNewKeysAndKeyMisses) {
    EXPECT_FALSE(keyspace_event_enabled(flags("KEA"), notify::New));
    EXPECT_FALSE(keyspace_event_enabled(flags("KEA"), notify::KeyMiss));
    EXPECT_TRUE(keyspace_event_enabled(flags("KEAn"), notify::New));
    EXPECT_TRUE(keyspace_event_enabled(flags("Em"), notify::KeyMiss));
}

TEST(KeyspaceEvents, KAndEPickTheChannels) {
    EXPECT_TRUE(keyspace_channel_enabled(flags("Kg")));
    EXPECT_FALSE(keyevent_channel_enabled(flags("Kg")));
    EXPECT_TRUE(keyevent_channel_enabled(flags("Eg")));
    EXPECT_FALSE(keyspace_channel_enabled(flags("Eg")));
    // A class without K or E publishes nowhere.
    EXPECT_FALSE(keyspace_channel_enabled(flags("A")));
    EXPECT_FALSE(keyevent_channel_enabled(flags("A")));
}

}  // namespace
}  // namespace cairn

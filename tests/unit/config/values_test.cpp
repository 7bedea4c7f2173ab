#include <climits>

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/values.hpp"

namespace cairn::config {
namespace {

TEST(ParseMemory, Units) {
    long long v = 0;
    ASSERT_TRUE(parse_memory("0", v));
    EXPECT_EQ(v, 0);
    ASSERT_TRUE(parse_memory("123", v));
    EXPECT_EQ(v, 123);
    ASSERT_TRUE(parse_memory("1b", v));
    EXPECT_EQ(v, 1);
    ASSERT_TRUE(parse_memory("1k", v));
    EXPECT_EQ(v, 1000);
    ASSERT_TRUE(parse_memory("1kb", v));
    EXPECT_EQ(v, 1024);
    ASSERT_TRUE(parse_memory("2m", v));
    EXPECT_EQ(v, 2000000);
    ASSERT_TRUE(parse_memory("2mb", v));
    EXPECT_EQ(v, 2 * 1024 * 1024);
    ASSERT_TRUE(parse_memory("3g", v));
    EXPECT_EQ(v, 3000000000LL);
    ASSERT_TRUE(parse_memory("3gb", v));
    EXPECT_EQ(v, 3LL * 1024 * 1024 * 1024);
}

TEST(ParseMemory, UnitsAreCaseInsensitive) {
    long long v = 0;
    ASSERT_TRUE(parse_memory("1GB", v));
    EXPECT_EQ(v, 1073741824);
    ASSERT_TRUE(parse_memory("1Kb", v));
    EXPECT_EQ(v, 1024);
    ASSERT_TRUE(parse_memory("5M", v));
    EXPECT_EQ(v, 5000000);
}

TEST(ParseMemory, Rejects) {
    long long v = 0;
    EXPECT_FALSE(parse_memory("-1", v));
    EXPECT_FALSE(parse_memory("1x", v));
    EXPECT_FALSE(parse_memory("1.5mb", v));
    EXPECT_FALSE(parse_memory("1mbb", v));
    EXPECT_FALSE(parse_memory(" 1", v));
    EXPECT_FALSE(parse_memory("1 kb", v));
    EXPECT_FALSE(parse_memory("10000000000gb", v));        // overflows the multiplication
    EXPECT_FALSE(parse_memory("9223372036854775808", v));  // above LLONG_MAX
}

TEST(ParseMemory, RedisQuirks) {
    // memtoull: no digits is 0, and a too long number saturates before the unit check.
    long long v = 7;
    ASSERT_TRUE(parse_memory("", v));
    EXPECT_EQ(v, 0);
    ASSERT_TRUE(parse_memory("kb", v));
    EXPECT_EQ(v, 0);
    unsigned long long u = 0;
    ASSERT_TRUE(detail::parse_memory_ull("99999999999999999999999", u));
    EXPECT_EQ(u, ULLONG_MAX);
    ASSERT_TRUE(detail::parse_memory_ull("18446744073709551615", u));
    EXPECT_EQ(u, ULLONG_MAX);
}

TEST(ErrorTexts, BoundsAndEnum) {
    EXPECT_EQ(detail::bounds_error(0, 65535), "argument must be between 0 and 65535 inclusive");
    EXPECT_EQ(detail::bounds_error(-1, LLONG_MAX),
              "argument must be between -1 and 9223372036854775807 inclusive");
    EXPECT_EQ(detail::bounds_error(0, 0777, true), "argument must be between 0 and 777 inclusive");
    const std::string_view values[] = {"a", "b", "c"};
    EXPECT_EQ(detail::enum_error(values, 3), "argument(s) must be one of the following: a, b, c");
}

TEST(NotifyFlags, ParseAndPrintAsRedis) {
    // Expected strings taken from redis-server 7.0.15 CONFIG SET / CONFIG GET.
    auto canon = [](std::string_view s) {
        return notify_flags_to_string(notify_flags_from_string(s));
    };
    EXPECT_EQ(canon(""), "");
    EXPECT_EQ(canon("KEA"), "AKE");
    EXPECT_EQ(canon("Ex"), "xE");
    EXPECT_EQ(canon("g$lshzxetd"), "A");
    EXPECT_EQ(canon("g$lshzxet"), "g$lshzxet");
    EXPECT_EQ(canon("Anm"), "Am");
    EXPECT_EQ(canon("nmKg"), "gnKm");
    EXPECT_EQ(canon("g$lshzxetdnmKE"), "AKEm");
    EXPECT_EQ(notify_flags_from_string("Q"), -1);
    EXPECT_EQ(notify_flags_from_string("a"), -1);
    EXPECT_EQ(notify_flags_from_string("K E"), -1);
    EXPECT_EQ(notify_flags_from_string("Ex"), notify::Keyevent | notify::Expired);
    // 'A' leaves out m and n.
    EXPECT_EQ(notify_flags_from_string("A") & (notify::KeyMiss | notify::New), 0);
}

}  // namespace
}  // namespace cairn::config

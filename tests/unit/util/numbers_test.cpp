// Number <-> string helpers with Redis 7.0's exact rules (string2ll, string2ld, string2d,
// ld2string human mode, addReplyDouble's text).
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <limits>
#include <string>

#include "util/strings.hpp"

namespace cairn::util {
namespace {

using namespace std::string_literals;

// Redis's INCRBYFLOAT range and digits come from the x87 80-bit long double (Linux, macOS on
// x86-64, mingw-w64). MSVC's long double is a 64-bit double: those tests cannot hold there.
constexpr bool kExtendedLongDouble = std::numeric_limits<long double>::digits >= 64;
constexpr const char* kNoExtendedLongDouble =
    "long double is a 64-bit double with this compiler (MSVC)";

bool ll_ok(std::string_view s, long long expected) {
    long long v = 12345;
    return string_to_ll(s, v) && v == expected;
}

bool ll_bad(std::string_view s) {
    long long v = 12345;
    return !string_to_ll(s, v);
}

TEST(StringToLl, Valid) {
    EXPECT_TRUE(ll_ok("0", 0));
    EXPECT_TRUE(ll_ok("1", 1));
    EXPECT_TRUE(ll_ok("-1", -1));
    EXPECT_TRUE(ll_ok("99", 99));
    EXPECT_TRUE(ll_ok("-99", -99));
    EXPECT_TRUE(ll_ok("9223372036854775807", LLONG_MAX));
    EXPECT_TRUE(ll_ok("-9223372036854775808", LLONG_MIN));
}

TEST(StringToLl, Invalid) {
    for (std::string_view s : {"",
                               "-",
                               "+1",
                               " 1",
                               "1 ",
                               "-0",
                               "00",
                               "01",
                               "-01",
                               "0x1",
                               "1.0",
                               "1e3",
                               "abc",
                               "--1",
                               "9223372036854775808",
                               "-9223372036854775809",
                               "18446744073709551615",
                               "18446744073709551616",
                               "99999999999999999999",
                               "123456789012345678901"})
        EXPECT_TRUE(ll_bad(s)) << s;
    EXPECT_TRUE(ll_bad("1\0"s));
    EXPECT_TRUE(ll_bad("\0"s));
}

TEST(LlToString, Extremes) {
    EXPECT_EQ(ll_to_string(0), "0");
    EXPECT_EQ(ll_to_string(-7), "-7");
    EXPECT_EQ(ll_to_string(LLONG_MAX), "9223372036854775807");
    EXPECT_EQ(ll_to_string(LLONG_MIN), "-9223372036854775808");
    std::string s = "x=";
    append_ll(s, -42);
    EXPECT_EQ(s, "x=-42");
}

TEST(StringToLd, Valid) {
    long double v = 0;
    ASSERT_TRUE(string_to_ld("1.5", v));
    EXPECT_EQ(v, 1.5L);
    ASSERT_TRUE(string_to_ld("-3", v));
    EXPECT_EQ(v, -3.0L);
    ASSERT_TRUE(string_to_ld("+.5", v));
    EXPECT_EQ(v, 0.5L);
    ASSERT_TRUE(string_to_ld("5.", v));
    EXPECT_EQ(v, 5.0L);
    ASSERT_TRUE(string_to_ld("5.0e3", v));
    EXPECT_EQ(v, 5000.0L);
    ASSERT_TRUE(string_to_ld("0x10", v));  // strtold accepts hex
    EXPECT_EQ(v, 16.0L);
    ASSERT_TRUE(string_to_ld("inf", v));
    EXPECT_TRUE(std::isinf(v) && v > 0);
    ASSERT_TRUE(string_to_ld("-Infinity", v));
    EXPECT_TRUE(std::isinf(v) && v < 0);
    if (kExtendedLongDouble) {
        ASSERT_TRUE(string_to_ld("1e4000", v));  // in long double range
        EXPECT_TRUE(std::isfinite(v));
    }
}

TEST(StringToLd, Invalid) {
    long double v = 0;
    for (std::string_view s : {"", " 1", "1 ", "\t1", "\n1", "abc", "1e", "1.5x", "nan", "-nan",
                               "NaN", "1e5000", "-1e5000", "1e-5000", "--1"})
        EXPECT_FALSE(string_to_ld(s, v)) << s;
    EXPECT_FALSE(string_to_ld("1\0"s, v));
    EXPECT_FALSE(string_to_ld(std::string(5 * 1024, '1'), v));  // MAX_LONG_DOUBLE_CHARS
}

TEST(StringToD, ValidAndInvalid) {
    double v = 0;
    ASSERT_TRUE(string_to_d("1.5", v));
    EXPECT_EQ(v, 1.5);
    ASSERT_TRUE(string_to_d("-inf", v));
    EXPECT_TRUE(std::isinf(v) && v < 0);
    ASSERT_TRUE(string_to_d("0x10", v));
    EXPECT_EQ(v, 16.0);
    ASSERT_TRUE(string_to_d("1e-310", v));  // subnormal: ERANGE but not zero, accepted
    EXPECT_GT(v, 0);
    for (std::string_view s : {"", " 1", "1 ", "x", "nan", "1e400", "-1e400", "1e-400", "1,5"})
        EXPECT_FALSE(string_to_d(s, v)) << s;
    EXPECT_FALSE(string_to_d("2\0"s, v));
}

TEST(DoubleToString, RedisFormat) {
    EXPECT_EQ(double_to_string(1.5), "1.5");
    EXPECT_EQ(double_to_string(3.0), "3");
    EXPECT_EQ(double_to_string(0.1), "0.10000000000000001");
    EXPECT_EQ(double_to_string(-1.5e21), "-1.5e+21");
    EXPECT_EQ(double_to_string(HUGE_VAL), "inf");
    EXPECT_EQ(double_to_string(-HUGE_VAL), "-inf");
}

long double ld(std::string_view s) {
    long double v = 0;
    EXPECT_TRUE(string_to_ld(s, v)) << s;
    return v;
}

// Expected values are what INCRBYFLOAT answers on redis-server 7.0.15.
TEST(LongDoubleToHuman, IncrByFloatResults) {
    if (!kExtendedLongDouble) GTEST_SKIP() << kNoExtendedLongDouble;
    EXPECT_EQ(long_double_to_human(ld("10.5") + ld("0.1")), "10.6");
    EXPECT_EQ(long_double_to_human(ld("0") + ld("5.0e3")), "5000");
    EXPECT_EQ(long_double_to_human(ld("3.0")), "3");
    EXPECT_EQ(long_double_to_human(ld("-0.0") + ld("-0.0")), "0");
    EXPECT_EQ(long_double_to_human(ld("1") / ld("3")), "0.33333333333333333");
    EXPECT_EQ(long_double_to_human(ld("-1.5")), "-1.5");
    EXPECT_EQ(long_double_to_human(ld("1e20")), "100000000000000000000");
    EXPECT_EQ(long_double_to_human(ld("0.000000000000000001")), "0");
    EXPECT_EQ(long_double_to_human(ld("3.0e-17")), "0.00000000000000003");
    EXPECT_EQ(long_double_to_human(ld("inf")), "inf");
    EXPECT_EQ(long_double_to_human(ld("-inf")), "-inf");
}

}  // namespace
}  // namespace cairn::util

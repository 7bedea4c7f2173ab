#include "util/overflow.hpp"

#include <climits>

#include <gtest/gtest.h>

namespace cairn::util {
namespace {

TEST(AddOverflow, SumsThatFit) {
    long long out = 0;
    EXPECT_FALSE(add_overflow(2, 3, out));
    EXPECT_EQ(out, 5);
    EXPECT_FALSE(add_overflow(LLONG_MAX - 1, 1, out));
    EXPECT_EQ(out, LLONG_MAX);
    EXPECT_FALSE(add_overflow(LLONG_MIN + 1, -1, out));
    EXPECT_EQ(out, LLONG_MIN);
    EXPECT_FALSE(add_overflow(LLONG_MAX, LLONG_MIN, out));
    EXPECT_EQ(out, -1);
}

TEST(AddOverflow, SumsThatDoNotFitLeaveOutAlone) {
    long long out = 7;
    EXPECT_TRUE(add_overflow(LLONG_MAX, 1, out));
    EXPECT_TRUE(add_overflow(LLONG_MIN, -1, out));
    EXPECT_TRUE(add_overflow(LLONG_MAX / 2 + 1, LLONG_MAX / 2 + 1, out));
    EXPECT_EQ(out, 7);
}

}  // namespace
}  // namespace cairn::util

#include "clients/output_limits.hpp"

#include <gtest/gtest.h>

namespace cairn {
namespace {

constexpr int64_t kT0 = 1'700'000'000;

TEST(OutputLimits, NoLimitsNeverClose) {
    OutputLimit none;
    int64_t since = 0;
    EXPECT_FALSE(output_limit_reached(none, 1ULL << 40, kT0, since));
    EXPECT_EQ(since, 0);
}

TEST(OutputLimits, HardLimitClosesAtOnce) {
    OutputLimit l{1000, 0, 0};
    int64_t since = 0;
    EXPECT_FALSE(output_limit_reached(l, 999, kT0, since));
    EXPECT_TRUE(output_limit_reached(l, 1000, kT0, since));
    EXPECT_TRUE(output_limit_reached(l, 5000, kT0, since));
}

TEST(OutputLimits, SoftLimitNeedsToLastLongerThanItsSeconds) {
    OutputLimit l{0, 100, 10};
    int64_t since = 0;
    EXPECT_FALSE(output_limit_reached(l, 150, kT0, since));  // first seen: clock starts
    EXPECT_EQ(since, kT0);
    EXPECT_FALSE(output_limit_reached(l, 150, kT0 + 10, since));  // exactly 10 s: not yet
    EXPECT_TRUE(output_limit_reached(l, 150, kT0 + 11, since));   // over 10 s: close
}

TEST(OutputLimits, DroppingUnderSoftLimitResetsTheClock) {
    OutputLimit l{0, 100, 10};
    int64_t since = 0;
    output_limit_reached(l, 150, kT0, since);
    EXPECT_FALSE(output_limit_reached(l, 50, kT0 + 5, since));
    EXPECT_EQ(since, 0);
    EXPECT_FALSE(output_limit_reached(l, 150, kT0 + 12, since));  // starts again
    EXPECT_EQ(since, kT0 + 12);
    EXPECT_TRUE(output_limit_reached(l, 150, kT0 + 23, since));
}

TEST(OutputLimits, HardLimitWinsWhileSoftIsCounting) {
    OutputLimit l{1000, 100, 60};
    int64_t since = 0;
    EXPECT_FALSE(output_limit_reached(l, 500, kT0, since));
    EXPECT_TRUE(output_limit_reached(l, 1000, kT0 + 1, since));
}

TEST(OutputLimits, ZeroSoftSecondsStillNeedsASecondTick) {
    // Redis compares elapsed <= seconds: with 0 seconds the close comes one second later.
    OutputLimit l{0, 100, 0};
    int64_t since = 0;
    EXPECT_FALSE(output_limit_reached(l, 100, kT0, since));
    EXPECT_FALSE(output_limit_reached(l, 100, kT0, since));
    EXPECT_TRUE(output_limit_reached(l, 100, kT0 + 1, since));
}

}  // namespace
}  // namespace cairn

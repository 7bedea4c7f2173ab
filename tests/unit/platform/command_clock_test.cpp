#include "platform/command_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace cairn::platform {
namespace {

// Whichever clock init_command_clock chose, it measures microseconds: a sleep of 20 ms reads
// as at least 20 ms, and not wildly more (the upper bound only catches a wrong TSC rate).
TEST(CommandClock, MeasuresMicroseconds) {
    init_command_clock();
    for (int attempt = 0; attempt < 3; attempt++) {
        const auto wall0 = std::chrono::steady_clock::now();
        const uint64_t t0 = command_clock_now();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const uint64_t t1 = command_clock_now();
        const auto wall_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::steady_clock::now() - wall0)
                                 .count();
        const int64_t us = command_clock_us(t0, t1);
        EXPECT_GE(us, 19000);
        // Within 5% of steady_clock over the same span (plus scheduling slack).
        if (us <= wall_us * 105 / 100 + 1000) return;
    }
    ADD_FAILURE() << "the command clock runs faster than steady_clock";
}

TEST(CommandClock, NeverNegative) {
    const uint64_t t = command_clock_now();
    EXPECT_EQ(command_clock_us(t, t), 0);
    EXPECT_EQ(command_clock_us(t + 1000, t), 0);
}

}  // namespace
}  // namespace cairn::platform

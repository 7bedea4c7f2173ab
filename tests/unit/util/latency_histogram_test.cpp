// LatencyHistogram against values read off redis-server 7.0.15's INFO latencystats.
#include "util/latency_histogram.hpp"

#include <gtest/gtest.h>

namespace cairn::util {
namespace {

TEST(LatencyHistogram, BucketsAsHdrHistogramWithTwoDigits) {
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(255)), 255);
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(256)), 257);
    // Redis printed p50=17.023 and p0=16.896 for one call of about 17 us.
    EXPECT_EQ(LatencyHistogram::lowest_of(LatencyHistogram::index_of(17000)), 16896);
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(17000)), 17023);
    // 2.007, 7.007, 61.183, 66.047 us as Redis prints them.
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(2001)), 2007);
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(7000)), 7007);
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(61000)), 61183);
    EXPECT_EQ(LatencyHistogram::lowest_of(LatencyHistogram::index_of(65600)), 65536);
    EXPECT_EQ(LatencyHistogram::highest_of(LatencyHistogram::index_of(65600)), 66047);
    for (int64_t v : {1, 200, 256, 999, 4096, 123456, 999999999}) {
        const size_t i = LatencyHistogram::index_of(v);
        EXPECT_LE(LatencyHistogram::lowest_of(i), v);
        EXPECT_GE(LatencyHistogram::highest_of(i), v);
        EXPECT_EQ(LatencyHistogram::index_of(LatencyHistogram::lowest_of(i)), i);
        EXPECT_EQ(LatencyHistogram::index_of(LatencyHistogram::highest_of(i)), i);
    }
}

TEST(LatencyHistogram, PercentilesAsHdrHistogram) {
    LatencyHistogram h;
    EXPECT_EQ(h.value_at_percentile(50), 0);
    for (int i = 1; i <= 100; i++) h.record(i * 1000);  // 1..100 us
    EXPECT_EQ(h.total(), 100u);
    EXPECT_EQ(h.value_at_percentile(50),
              LatencyHistogram::highest_of(LatencyHistogram::index_of(50000)));
    EXPECT_EQ(h.value_at_percentile(100),
              LatencyHistogram::highest_of(LatencyHistogram::index_of(100000)));
    EXPECT_EQ(h.value_at_percentile(0), 1000 >> 2 << 2);  // the lowest value of the first bucket
    h.record(0);                                          // clamped to 1 ns
    h.record(5'000'000'000);                              // clamped to 1 s
    EXPECT_EQ(h.value_at_percentile(0), 1);
    EXPECT_GE(h.value_at_percentile(100), LatencyHistogram::kHighest);
}

}  // namespace
}  // namespace cairn::util

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

// LATENCY HISTOGRAM's walk: redis-server 7.0.15 answered {16: 1} for one SET of ~15 us and
// {1: 1} for one call under 1 us; counts are cumulative at each power-of-two level reached.
TEST(LatencyHistogram, CumulativeLogBuckets) {
    LatencyHistogram one;
    one.record(15'300);
    EXPECT_EQ(one.cumulative_log_buckets(), (std::vector<std::pair<int64_t, uint64_t>>{{16, 1}}));
    LatencyHistogram tiny;
    tiny.record(400);
    EXPECT_EQ(tiny.cumulative_log_buckets(), (std::vector<std::pair<int64_t, uint64_t>>{{1, 1}}));
    LatencyHistogram many;
    for (int i = 0; i < 3; i++) many.record(1'500);
    many.record(5'000);
    many.record(300'000);
    EXPECT_EQ(many.cumulative_log_buckets(),
              (std::vector<std::pair<int64_t, uint64_t>>{{2, 3}, {8, 4}, {528, 5}}));
    EXPECT_TRUE(LatencyHistogram().cumulative_log_buckets().empty());
}

}  // namespace
}  // namespace cairn::util

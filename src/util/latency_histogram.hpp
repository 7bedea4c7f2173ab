// Per-command latency histogram (latency-tracking, INFO latencystats) with the buckets and
// percentile rule of the HdrHistogram Redis 7.0 uses (1 ns .. 1 s, 2 significant digits):
// values below 256 ns are exact, above they fall in buckets of 1/128 of their power of two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cairn::util {

class LatencyHistogram {
public:
    static constexpr int64_t kLowest = 1;               // ns
    static constexpr int64_t kHighest = 1'000'000'000;  // ns

    void record(int64_t ns);  // clamped to [kLowest, kHighest]
    uint64_t total() const { return total_; }
    // hdr_value_at_percentile: the highest value of the bucket holding the percentile (the
    // lowest for percentile 0); 0 when nothing was recorded.
    int64_t value_at_percentile(double percentile) const;

    // LATENCY HISTOGRAM's buckets (Redis's hdr_iter_log_init(1024 ns, base 2) walk): pairs of
    // (highest value of the bucket at each power-of-two level, in us; cumulative count), only
    // where the count grew.
    std::vector<std::pair<int64_t, uint64_t>> cumulative_log_buckets() const;

    static size_t index_of(int64_t v);
    static int64_t lowest_of(size_t index);
    static int64_t highest_of(size_t index);

private:
    std::vector<uint64_t> counts_;  // allocated at the first record
    uint64_t total_ = 0;
};

}  // namespace cairn::util

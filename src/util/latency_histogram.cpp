#include "util/latency_histogram.hpp"

#include <algorithm>
#include <bit>

namespace cairn::util {

namespace {
constexpr size_t kExact = 256;  // 0..255: one bucket per value
constexpr size_t kHalf = 128;   // sub-buckets of each power of two above
}  // namespace

size_t LatencyHistogram::index_of(int64_t v) {
    const auto u = static_cast<uint64_t>(v);
    if (u < kExact) return static_cast<size_t>(u);
    const int shift = std::bit_width(u) - 8;  // 1 for 256..511, 2 for 512..1023, ...
    const uint64_t sub = u >> shift;          // 128..255
    return kExact + static_cast<size_t>(shift - 1) * kHalf + static_cast<size_t>(sub - kHalf);
}

int64_t LatencyHistogram::lowest_of(size_t index) {
    if (index < kExact) return static_cast<int64_t>(index);
    const size_t shift = (index - kExact) / kHalf + 1;
    const uint64_t sub = (index - kExact) % kHalf + kHalf;
    return static_cast<int64_t>(sub << shift);
}

int64_t LatencyHistogram::highest_of(size_t index) {
    if (index < kExact) return static_cast<int64_t>(index);
    const size_t shift = (index - kExact) / kHalf + 1;
    return lowest_of(index) + (int64_t{1} << shift) - 1;
}

void LatencyHistogram::record(int64_t ns) {
    ns = std::clamp(ns, kLowest, kHighest);
    if (counts_.empty()) counts_.resize(index_of(kHighest) + 1);
    counts_[index_of(ns)]++;
    total_++;
}

int64_t LatencyHistogram::value_at_percentile(double percentile) const {
    if (total_ == 0) return 0;
    const double p = std::min(percentile, 100.0);
    auto wanted = static_cast<uint64_t>((p / 100) * static_cast<double>(total_) + 0.5);
    wanted = std::max<uint64_t>(wanted, 1);
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); i++) {
        seen += counts_[i];
        if (seen >= wanted) return percentile == 0.0 ? lowest_of(i) : highest_of(i);
    }
    return 0;
}

std::vector<std::pair<int64_t, uint64_t>> LatencyHistogram::cumulative_log_buckets() const {
    std::vector<std::pair<int64_t, uint64_t>> out;
    int64_t level = 1024;
    uint64_t cumulative = 0, reported = 0;
    for (size_t i = 0; i < counts_.size(); i++) {
        cumulative += counts_[i];
        while (level <= kHighest && lowest_of(i) >= lowest_of(index_of(level))) {
            if (cumulative > reported) out.emplace_back(highest_of(i) / 1000, cumulative);
            reported = cumulative;
            level *= 2;
            // The walk ends once every count was seen and the next level is past the next
            // bucket (hdr's has_next / peek test).
            if (cumulative >= total_ &&
                (i + 1 >= counts_.size() || lowest_of(i + 1) <= lowest_of(index_of(level)))) {
                return out;
            }
        }
    }
    return out;
}

}  // namespace cairn::util

#include "commands/stats.hpp"

namespace cairn {

void Stats::Metric::track(uint64_t value, int64_t now_ms) {
    int64_t elapsed = now_ms - last_time_ms;
    if (last_time_ms != 0 && elapsed > 0) {
        samples[index] =
            static_cast<long long>((value - last_value) * 1000 / static_cast<uint64_t>(elapsed));
        index = (index + 1) % kSamples;
    }
    last_time_ms = now_ms;
    last_value = value;
}

long long Stats::Metric::average() const {
    long long sum = 0;
    for (long long s : samples) sum += s;
    return sum / kSamples;
}

}  // namespace cairn

#include "db/lfu.hpp"

#include <random>

namespace cairn::db {

namespace {

LfuPolicy g_policy;

uint32_t minutes(int64_t now_ms) {
    return static_cast<uint32_t>(now_ms / 60000);
}

// LFULogIncr: the higher the counter, the less likely an access increments it.
uint8_t log_increment(uint8_t counter) {
    if (counter == 255) return 255;
    static std::mt19937 rng{std::random_device{}()};
    double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    double base = counter > kLfuInitValue ? counter - kLfuInitValue : 0;
    double p = 1.0 / (base * g_policy.log_factor + 1);
    return r < p ? static_cast<uint8_t>(counter + 1) : counter;
}

}  // namespace

void set_lfu_policy(const LfuPolicy& policy) {
    g_policy = policy;
}
const LfuPolicy& lfu_policy() {
    return g_policy;
}

uint8_t lfu_decayed_counter(const Object& o, int64_t now_ms) {
    uint32_t now = minutes(now_ms);
    uint32_t elapsed = now >= o.access_time ? now - o.access_time : 0;
    uint32_t periods =
        g_policy.decay_time > 0 ? elapsed / static_cast<uint32_t>(g_policy.decay_time) : 0;
    if (periods == 0) return o.lfu_counter;
    return periods > o.lfu_counter ? 0 : static_cast<uint8_t>(o.lfu_counter - periods);
}

void lfu_touch(Object& o, int64_t now_ms) {
    o.lfu_counter = log_increment(lfu_decayed_counter(o, now_ms));
    o.access_time = minutes(now_ms);
}

void lfu_init(Object& o, int64_t now_ms) {
    o.lfu_counter = kLfuInitValue;
    o.access_time = minutes(now_ms);
}

}  // namespace cairn::db

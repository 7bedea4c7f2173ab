// Redis's PRNG for scripts (rand.c: redisLrand48 / redisSrand48, the 48-bit LCG of lrand48),
// seeded 0 before every script run so that math.random gives the same values as in Redis.
#pragma once

#include <cstdint>

namespace cairn::scripting {

class Lrand48 {
public:
    void seed(int32_t v) {
        state_ = (static_cast<uint64_t>(static_cast<uint32_t>(v)) << 16 | 0x330E) & kMask;
    }
    int32_t next() {
        state_ = (kA * state_ + kC) & kMask;
        return static_cast<int32_t>(state_ >> 17);
    }

private:
    static constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
    static constexpr uint64_t kA = 0x5DEECE66DULL;
    static constexpr uint64_t kC = 0xB;
    uint64_t state_ = 0x1234ABCD330EULL;
};

}  // namespace cairn::scripting

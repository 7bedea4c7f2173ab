// The LFU access counter behind OBJECT FREQ (and, later, LFU eviction), as Redis 7.0's
// evict.c keeps it: a logarithmic 8-bit counter that decays with time. Under an LFU policy an
// object's access_time holds the minute of its last decay instead of the last access second.
#pragma once

#include <cstdint>

#include "db/object.hpp"

namespace cairn::db {

struct LfuPolicy {
    bool enabled = false;  // maxmemory-policy is volatile-lfu or allkeys-lfu
    int log_factor = 10;   // lfu-log-factor
    int decay_time = 1;    // lfu-decay-time (minutes per decrement; 0 = never)
};

// Process-wide, like the config it mirrors; the server sets it at start and on CONFIG SET.
void set_lfu_policy(const LfuPolicy& policy);
const LfuPolicy& lfu_policy();

constexpr uint8_t kLfuInitValue = 5;  // LFU_INIT_VAL

// The counter after the decay due since the last access (LFUDecrAndReturn).
uint8_t lfu_decayed_counter(const Object& o, int64_t now_ms);
// An access: decay, then a probabilistic increment (updateLFU).
void lfu_touch(Object& o, int64_t now_ms);
// A new object's starting counter and decay time.
void lfu_init(Object& o, int64_t now_ms);

}  // namespace cairn::db

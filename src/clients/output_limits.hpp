// Output-buffer limits (client-output-buffer-limit): pure logic, no sockets, unit-tested with
// a fake clock.
#pragma once

#include <cstdint>

namespace cairn {

struct OutputLimit {
    unsigned long long hard_bytes = 0;  // 0 = no hard limit
    unsigned long long soft_bytes = 0;  // 0 = no soft limit
    long long soft_seconds = 0;
};

// Redis's checkClientOutputBufferLimits: true when the client must be closed because `used`
// bytes are at or over the hard limit, or have stayed at or over the soft limit for more than
// soft_seconds. `soft_since_s` is the client's state: the unix second the soft limit was
// first seen reached, 0 while under it.
bool output_limit_reached(const OutputLimit& limit, unsigned long long used, int64_t now_s,
                          int64_t& soft_since_s);

}  // namespace cairn

#include "clients/output_limits.hpp"

namespace cairn {

bool output_limit_reached(const OutputLimit& limit, unsigned long long used, int64_t now_s,
                          int64_t& soft_since_s) {
    bool hard = limit.hard_bytes != 0 && used >= limit.hard_bytes;
    bool soft = limit.soft_bytes != 0 && used >= limit.soft_bytes;
    if (soft) {
        if (soft_since_s == 0) {
            soft_since_s = now_s;  // first time seen: the clock starts now
            soft = false;
        } else if (now_s - soft_since_s <= limit.soft_seconds) {
            soft = false;  // not over the soft limit for long enough yet
        }
    } else {
        soft_since_s = 0;
    }
    return hard || soft;
}

}  // namespace cairn

// The per-key delays of Redis's test-only configs (rdb-key-save-delay, key-load-delay), as its
// debugDelay: a positive value sleeps that many microseconds; a negative -n sleeps one
// microsecond once in n calls on average (a shorter sleep than a system call allows).
#pragma once

namespace cairn::util {

// Microseconds to sleep for one key (0 most of the time for a negative delay).
long long debug_delay_micros(int delay);
void debug_delay(int delay);

}  // namespace cairn::util

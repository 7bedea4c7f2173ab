// The clock that times every command (commandstats, SLOWLOG, LATENCY, latency histograms):
// read twice per command, so it must be cheap. On x86-64 Linux with an invariant TSC (CPU
// flags constant_tsc and nonstop_tsc) it is the TSC, calibrated once against the monotonic
// clock at startup: about 10 ns a read where clock_gettime takes about 25 in a VM (Redis
// offers the same as USE_PROCESSOR_CLOCK). Elsewhere, or before init_command_clock(), it is
// std::chrono::steady_clock.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) && defined(__linux__)
#include <x86intrin.h>
#endif

namespace cairn::platform {

namespace detail {
inline bool tsc_clock = false;  // set by init_command_clock()
// Microseconds per TSC tick in 32.32 fixed point (measured by init_command_clock): a
// multiplication rather than a floating-point division per command.
inline uint64_t tsc_us_per_tick_q32 = 0;
}  // namespace detail

// Checks for an invariant TSC and calibrates it (takes about 5 ms); call once at startup.
void init_command_clock();

// A reading, only for command_clock_us.
inline uint64_t command_clock_now() {
#if defined(__x86_64__) && defined(__linux__)
    if (detail::tsc_clock) return __rdtsc();
#endif
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
}

// Microseconds between two readings.
inline int64_t command_clock_us(uint64_t from, uint64_t to) {
    if (to <= from) return 0;
#if defined(__x86_64__) && defined(__linux__)
    if (detail::tsc_clock) {
        __extension__ using u128 = unsigned __int128;
        return static_cast<int64_t>((u128{to - from} * detail::tsc_us_per_tick_q32) >> 32);
    }
#endif
    return static_cast<int64_t>((to - from) / 1000);
}

}  // namespace cairn::platform

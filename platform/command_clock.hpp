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
inline bool tsc_clock = false;          // set by init_command_clock()
inline double tsc_ticks_per_us = 1000;  // measured by init_command_clock()
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
    if (detail::tsc_clock) return static_cast<int64_t>((to - from) / detail::tsc_ticks_per_us);
    return static_cast<int64_t>((to - from) / 1000);
}

}  // namespace cairn::platform

#include "util/debug_delay.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace cairn::util {

long long debug_delay_micros(int delay) {
    if (delay >= 0) return delay;
    thread_local std::minstd_rand rng{std::random_device{}()};
    const auto n = static_cast<unsigned long long>(-static_cast<long long>(delay));
    return rng() % n == 0 ? 1 : 0;
}

void debug_delay(int delay) {
    const long long us = debug_delay_micros(delay);
    if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
}

}  // namespace cairn::util

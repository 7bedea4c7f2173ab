#pragma once
// Double-to-integer conversions as Redis's C libraries get them from plain casts on x86-64,
// where a value out of range (or NaN) is undefined behaviour in C but gives a definite result:
// the "integer indefinite" value INT64_MIN for a signed conversion, and for an unsigned one the
// result of GCC's code (from 2^63 up: the value less 2^63 converted as signed, top bit flipped).
// Defined here for every value, so that struct.pack and cmsgpack give Redis's bytes everywhere.

#include <cmath>
#include <cstdint>

namespace cairn::lualibs {

inline constexpr double kTwo63 = 9223372036854775808.0;

// (int64_t)n on x86-64.
inline std::int64_t x86_to_int64(double n) {
    if (n >= -kTwo63 && n < kTwo63) return static_cast<std::int64_t>(n);
    return INT64_MIN;
}

// (uint64_t)n on x86-64 (GCC): NaN takes the signed branch too, so gives 2^63.
inline std::uint64_t x86_to_uint64(double n) {
    if (n < kTwo63 || std::isnan(n)) return static_cast<std::uint64_t>(x86_to_int64(n));
    return static_cast<std::uint64_t>(x86_to_int64(n - kTwo63)) ^ (std::uint64_t{1} << 63);
}

// The C test `(int64_t)n == n` for a finite n: an integer within int64's range.
inline bool is_int64_equivalent(double n) {
    return std::isfinite(n) && n >= -kTwo63 && n < kTwo63 && std::trunc(n) == n;
}

}  // namespace cairn::lualibs

// Overflow-checked arithmetic without compiler builtins (MSVC has no __builtin_add_overflow).
#pragma once

#include <climits>

namespace cairn::util {

// a + b into out; true (out untouched) when the sum does not fit in a long long.
inline bool add_overflow(long long a, long long b, long long& out) {
    if ((b > 0 && a > LLONG_MAX - b) || (b < 0 && a < LLONG_MIN - b)) return true;
    out = a + b;
    return false;
}

}  // namespace cairn::util

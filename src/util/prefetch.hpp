// prefetch: a hint to start loading the cache line at p, for pointer-chasing loops (the skip
// list's descent) that know their next address one step before they need it.
#pragma once

#if defined(_MSC_VER) && !defined(__clang__)
#include <xmmintrin.h>
#endif

namespace cairn::util {

inline void prefetch(const void* p) {
#if defined(_MSC_VER) && !defined(__clang__)
    _mm_prefetch(static_cast<const char*>(p), _MM_HINT_T0);
#else
    __builtin_prefetch(p);
#endif
}

}  // namespace cairn::util

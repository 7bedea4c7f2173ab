// Redis's pqsort (pqsort.c, a BSD quicksort that only recurses into the parts overlapping the
// wanted range): GEORADIUS with COUNT sorts just the first COUNT results with it. Any partial
// sort gives the same elements when no two compare equal; with ties, which ones come first
// depends on the algorithm, so this follows its pivots and swaps step by step.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace cairn {

namespace partial_qsort_detail {

template <class T, class Cmp>
std::ptrdiff_t med3(const std::vector<T>& v, std::ptrdiff_t a, std::ptrdiff_t b, std::ptrdiff_t c,
                    Cmp& cmp) {
    return cmp(v[a], v[b]) < 0 ? (cmp(v[b], v[c]) < 0 ? b : (cmp(v[a], v[c]) < 0 ? c : a))
                               : (cmp(v[b], v[c]) > 0 ? b : (cmp(v[a], v[c]) < 0 ? a : c));
}

template <class T>
void vecswap(std::vector<T>& v, std::ptrdiff_t a, std::ptrdiff_t b, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; i++) std::swap(v[a + i], v[b + i]);
}

// Sorts v[a, a+n) enough that ranks [lo, hi] (absolute indexes) hold their final elements.
template <class T, class Cmp>
void sort(std::vector<T>& v, std::ptrdiff_t a, std::ptrdiff_t n, Cmp& cmp, std::ptrdiff_t lo,
          std::ptrdiff_t hi) {
    // A part [s, s+k) matters unless the wanted range lies wholly on one side of it.
    auto wanted = [&](std::ptrdiff_t s, std::ptrdiff_t k) {
        return !((lo < s && hi < s) || (lo >= s + k && hi >= s + k));
    };
    for (;;) {
        if (n < 7) {  // insertion sort
            for (std::ptrdiff_t pm = a + 1; pm < a + n; pm++)
                for (std::ptrdiff_t pl = pm; pl > a && cmp(v[pl - 1], v[pl]) > 0; pl--)
                    std::swap(v[pl], v[pl - 1]);
            return;
        }
        std::ptrdiff_t pm = a + n / 2;
        if (n > 7) {
            std::ptrdiff_t pl = a;
            std::ptrdiff_t pn = a + n - 1;
            if (n > 40) {
                const std::ptrdiff_t d = n / 8;
                pl = med3(v, pl, pl + d, pl + 2 * d, cmp);
                pm = med3(v, pm - d, pm, pm + d, cmp);
                pn = med3(v, pn - 2 * d, pn - d, pn, cmp);
            }
            pm = med3(v, pl, pm, pn, cmp);
        }
        std::swap(v[a], v[pm]);
        // Elements equal to the pivot gather at both ends, then move to the middle.
        std::ptrdiff_t pa = a + 1, pb = a + 1;
        std::ptrdiff_t pc = a + n - 1, pd = a + n - 1;
        for (;;) {
            int r;
            while (pb <= pc && (r = cmp(v[pb], v[a])) <= 0) {
                if (r == 0) std::swap(v[pa++], v[pb]);
                pb++;
            }
            while (pb <= pc && (r = cmp(v[pc], v[a])) >= 0) {
                if (r == 0) std::swap(v[pc], v[pd--]);
                pc--;
            }
            if (pb > pc) break;
            std::swap(v[pb++], v[pc--]);
        }
        const std::ptrdiff_t pn = a + n;
        std::ptrdiff_t r = std::min(pa - a, pb - pa);
        vecswap(v, a, pb - r, r);
        r = std::min(pd - pc, pn - pd - 1);
        vecswap(v, pb, pn - r, r);
        if ((r = pb - pa) > 1 && wanted(a, r)) sort(v, a, r, cmp, lo, hi);
        if ((r = pd - pc) > 1) {
            a = pn - r;
            n = r;
            if (wanted(a, n)) continue;
        }
        return;
    }
}

}  // namespace partial_qsort_detail

// pqsort(v, n, cmp, lo, hi): cmp(a, b) returns <0, 0 or >0 as qsort's comparators.
template <class T, class Cmp>
void partial_qsort(std::vector<T>& v, Cmp cmp, size_t lo, size_t hi) {
    partial_qsort_detail::sort(v, 0, static_cast<std::ptrdiff_t>(v.size()), cmp,
                               static_cast<std::ptrdiff_t>(lo), static_cast<std::ptrdiff_t>(hi));
}

}  // namespace cairn

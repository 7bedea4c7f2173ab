// for_each_cache_line: the addresses touch_range loads from (one per cache line of the
// object, none outside it).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "util/prefetch.hpp"

namespace cairn::util {
namespace {

std::vector<uintptr_t> lines_of(const char* p, size_t n) {
    std::vector<uintptr_t> seen;
    for_each_cache_line(p, n, [&](const char* q) {
        EXPECT_GE(q, p);
        EXPECT_LT(q, p + n);
        seen.push_back(reinterpret_cast<uintptr_t>(q));
    });
    return seen;
}

TEST(ForEachCacheLine, OneAddressPerLineInsideTheObject) {
    alignas(64) static char buffer[512];
    for (size_t offset = 0; offset < 128; offset++) {
        for (size_t n = 1; n <= 200; n++) {
            const char* p = buffer + offset;
            const std::vector<uintptr_t> seen = lines_of(p, n);
            const uintptr_t first_line = reinterpret_cast<uintptr_t>(p) / 64;
            const uintptr_t last_line = (reinterpret_cast<uintptr_t>(p) + n - 1) / 64;
            ASSERT_EQ(seen.size(), last_line - first_line + 1) << offset << " " << n;
            for (size_t i = 0; i < seen.size(); i++) EXPECT_EQ(seen[i] / 64, first_line + i);
            EXPECT_EQ(seen[0], reinterpret_cast<uintptr_t>(p));
        }
    }
}

TEST(Touch, ReadsWithoutChangingTheObject) {
    std::vector<char> object(300, 'x');
    touch(object.data());
    touch_range(object.data() + 1, object.size() - 1);
    EXPECT_EQ(std::vector<char>(300, 'x'), object);
}

}  // namespace
}  // namespace cairn::util

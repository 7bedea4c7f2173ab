#include "db/siphash.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cairn::db {
namespace {

// Key 00..0f as in the SipHash reference vectors.
constexpr uint64_t kK0 = 0x0706050403020100ULL;
constexpr uint64_t kK1 = 0x0f0e0d0c0b0a0908ULL;

std::vector<unsigned char> counting_bytes(size_t n) {
    std::vector<unsigned char> v(n);
    for (size_t i = 0; i < n; i++) v[i] = static_cast<unsigned char>(i);
    return v;
}

TEST(SipHash, ReferenceVectors24) {
    const std::pair<size_t, uint64_t> vectors[] = {
        {0, 0x726fdb47dd0e0e31ULL}, {1, 0x74f839c593dc67fdULL},  {2, 0x0d6c8009d9a94f5aULL},
        {3, 0x85676696d7fb7e2dULL}, {15, 0xa129ca6149be45e5ULL},  // the example in the SipHash
                                                                  // paper
    };
    for (auto [len, expected] : vectors) {
        auto msg = counting_bytes(len);
        EXPECT_EQ(siphash_2_4(msg.data(), len, kK0, kK1), expected) << "len " << len;
    }
}

TEST(SipHash, OneTwoIsSeededAndDeterministic) {
    const std::string s = "hello world, a key longer than one word";
    for (size_t len = 0; len <= s.size(); len++) {
        const uint64_t a = siphash_1_2(s.data(), len, kK0, kK1);
        EXPECT_EQ(a, siphash_1_2(s.data(), len, kK0, kK1));
        EXPECT_NE(a, siphash_1_2(s.data(), len, kK0 + 1, kK1));
        EXPECT_NE(a, siphash_2_4(s.data(), len, kK0, kK1));
        if (len > 0) {
            EXPECT_NE(a, siphash_1_2(s.data(), len - 1, kK0, kK1));
        }
    }
}

}  // namespace
}  // namespace cairn::db

#include "db/bitops.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace cairn::db::bits {
namespace {

TEST(Bitops, PopcountMatchesBitByBit) {
    std::mt19937 rng(1);
    std::vector<unsigned char> buf(100);
    for (auto& b : buf) b = static_cast<unsigned char>(rng());
    for (size_t n = 0; n <= buf.size(); n++) {
        long long want = 0;
        for (size_t i = 0; i < n; i++) want += __builtin_popcount(buf[i]);
        EXPECT_EQ(popcount(buf.data(), n), want) << n;
    }
}

TEST(Bitops, BitposFindsFirstSetAndClearBits) {
    const unsigned char zeros[20] = {0};
    EXPECT_EQ(bitpos(zeros, 20, 1), -1);
    EXPECT_EQ(bitpos(zeros, 20, 0), 0);
    std::vector<unsigned char> ones(20, 0xff);
    EXPECT_EQ(bitpos(ones.data(), 20, 0), 160);  // zero padding after the string
    EXPECT_EQ(bitpos(ones.data(), 20, 1), 0);
    unsigned char b[17] = {0};
    b[13] = 0x10;
    EXPECT_EQ(bitpos(b, 17, 1), 13 * 8 + 3);
    ones[11] = 0xfb;
    EXPECT_EQ(bitpos(ones.data(), 20, 0), 11 * 8 + 5);
}

TEST(Bitops, FieldsRoundTripAtAnyOffset) {
    std::mt19937_64 rng(5);
    std::vector<unsigned char> buf(32);
    for (unsigned bits = 1; bits <= 64; bits++) {
        for (uint64_t off = 0; off < 40; off += 3) {
            const uint64_t v = rng() & (bits == 64 ? ~0ULL : (1ULL << bits) - 1);
            std::fill(buf.begin(), buf.end(), 0xa5);
            set_unsigned(buf.data(), off, bits, v);
            EXPECT_EQ(get_unsigned(buf.data(), off, bits), v);
            // Bits outside the field are untouched.
            if (off > 0) {
                EXPECT_EQ(get_unsigned(buf.data(), 0, 1), 1u);
            }
        }
    }
    unsigned char b[2] = {0xff, 0x00};
    EXPECT_EQ(get_signed(b, 0, 8), -1);
    EXPECT_EQ(get_signed(b, 4, 8), -16);
    EXPECT_EQ(get_unsigned(b, 4, 8), 0xf0u);
    set_signed(b, 0, 4, -8);
    EXPECT_EQ(b[0], 0x8f);
}

TEST(Bitops, UnsignedOverflowRules) {
    uint64_t lim = 0;
    EXPECT_EQ(check_unsigned_overflow(250, 5, 8, Overflow::Wrap, &lim), 0);
    EXPECT_EQ(check_unsigned_overflow(250, 10, 8, Overflow::Wrap, &lim), 1);
    EXPECT_EQ(lim, 4u);
    EXPECT_EQ(check_unsigned_overflow(250, 10, 8, Overflow::Sat, &lim), 1);
    EXPECT_EQ(lim, 255u);
    EXPECT_EQ(check_unsigned_overflow(3, -5, 8, Overflow::Sat, &lim), -1);
    EXPECT_EQ(lim, 0u);
    EXPECT_EQ(check_unsigned_overflow(3, -5, 8, Overflow::Wrap, &lim), 1);
    EXPECT_EQ(lim, 254u);
    EXPECT_EQ(check_unsigned_overflow(300, 0, 8, Overflow::Wrap, &lim), 1);  // SET 300 as u8
    EXPECT_EQ(lim, 44u);
}

TEST(Bitops, SignedOverflowRules) {
    int64_t lim = 0;
    EXPECT_EQ(check_signed_overflow(120, 7, 8, Overflow::Wrap, &lim), 0);
    EXPECT_EQ(check_signed_overflow(120, 8, 8, Overflow::Wrap, &lim), 1);
    EXPECT_EQ(lim, -128);
    EXPECT_EQ(check_signed_overflow(120, 8, 8, Overflow::Sat, &lim), 1);
    EXPECT_EQ(lim, 127);
    EXPECT_EQ(check_signed_overflow(-128, -1, 8, Overflow::Sat, &lim), -1);
    EXPECT_EQ(lim, -128);
    EXPECT_EQ(check_signed_overflow(-128, -1, 8, Overflow::Wrap, &lim), 1);
    EXPECT_EQ(lim, 127);
    EXPECT_EQ(check_signed_overflow(INT64_MAX, 1, 64, Overflow::Sat, &lim), 1);
    EXPECT_EQ(lim, INT64_MAX);
    EXPECT_EQ(check_signed_overflow(INT64_MAX, 1, 64, Overflow::Wrap, &lim), 1);
    EXPECT_EQ(lim, INT64_MIN);
    EXPECT_EQ(check_signed_overflow(INT64_MIN, -1, 64, Overflow::Fail, &lim), -1);
}

}  // namespace
}  // namespace cairn::db::bits

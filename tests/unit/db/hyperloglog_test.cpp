#include "db/hyperloglog.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace cairn::db::hll {
namespace {

constexpr size_t kDefaultSparseMax = 3000;

std::string with_elements(size_t from, size_t n, size_t sparse_max = kDefaultSparseMax) {
    std::string s = create();
    for (size_t i = from; i < from + n; i++) add(s, "element:" + std::to_string(i), sparse_max);
    return s;
}

TEST(HyperLogLog, EmptyValueIsRedisCreateHLLObject) {
    const std::string s = create();
    // Header (sparse, cached cardinality 0) then one XZERO opcode covering 16384 registers.
    ASSERT_EQ(s.size(), kHeaderSize + 2);
    EXPECT_EQ(s.substr(0, 4), "HYLL");
    EXPECT_EQ(static_cast<uint8_t>(s[4]), kSparse);
    EXPECT_TRUE(cache_valid(s));
    EXPECT_EQ(cached_count(s), 0u);
    EXPECT_EQ(static_cast<uint8_t>(s[16]), 0x7f);
    EXPECT_EQ(static_cast<uint8_t>(s[17]), 0xff);
    bool invalid = false;
    EXPECT_EQ(count(s, &invalid), 0u);
    EXPECT_FALSE(invalid);
}

TEST(HyperLogLog, SameBytesAsRedisForAFewElements) {
    // Reference value: redis-server 7.0.15 after PFADD k a b c d (GET k), before PFCOUNT.
    const std::string redis(
        "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\\{\x80"
        "Dv\x80P\xb1\x84K\xfb\x80"
        "BZ",
        30);
    std::string s = create();
    for (const char* e : {"a", "b", "c", "d"}) EXPECT_EQ(add(s, e, kDefaultSparseMax), 1);
    EXPECT_EQ(s, redis);
    EXPECT_EQ(add(s, "a", kDefaultSparseMax), 0);  // no register grows
    bool invalid = false;
    EXPECT_EQ(count(s, &invalid), 4u);
}

TEST(HyperLogLog, PatternLengthIsWithinRange) {
    std::mt19937 rng(9);
    for (int i = 0; i < 10000; i++) {
        size_t index;
        const int n = pattern_length(std::to_string(rng()), index);
        EXPECT_LT(index, kRegisters);
        EXPECT_GE(n, 1);
        EXPECT_LE(n, 51);
    }
}

TEST(HyperLogLog, SparseAndDenseAgree) {
    std::string sparse = with_elements(0, 2000, 1 << 30);
    std::string dense = create();
    ASSERT_TRUE(to_dense(dense));
    for (size_t i = 0; i < 2000; i++) add(dense, "element:" + std::to_string(i), 0);
    EXPECT_EQ(static_cast<uint8_t>(sparse[4]), kSparse);
    EXPECT_EQ(static_cast<uint8_t>(dense[4]), kDense);
    EXPECT_EQ(dense.size(), kDenseSize);
    bool invalid = false;
    EXPECT_EQ(count(sparse, &invalid), count(dense, &invalid));
    EXPECT_FALSE(invalid);
    std::string converted = sparse;
    ASSERT_TRUE(to_dense(converted));
    EXPECT_EQ(converted.substr(kHeaderSize), dense.substr(kHeaderSize));
    for (size_t r = 0; r < kRegisters; r++) {
        ASSERT_EQ(dense_register(converted, r), dense_register(dense, r));
    }
}

TEST(HyperLogLog, PromotedPastSparseMaxBytes) {
    std::string s = with_elements(0, 500, 300);
    EXPECT_EQ(static_cast<uint8_t>(s[4]), kDense);
    std::string t = with_elements(0, 20, 3000);
    EXPECT_EQ(static_cast<uint8_t>(t[4]), kSparse);
    EXPECT_LE(t.size(), 3000u);
}

TEST(HyperLogLog, ErrorBoundOnAMillionElements) {
    std::string s = create();
    const size_t n = 1000000;
    for (size_t i = 0; i < n; i++) add(s, "element:" + std::to_string(i), kDefaultSparseMax);
    bool invalid = false;
    const double got = static_cast<double>(count(s, &invalid));
    EXPECT_FALSE(invalid);
    // Standard error 1.04/sqrt(16384) = 0.81%: 2% is about 2.5 sigma.
    EXPECT_LT(std::fabs(got - n) / n, 0.02) << got;
}

TEST(HyperLogLog, SmallCardinalitiesAreNearlyExact) {
    for (size_t n : {1u, 10u, 100u, 1000u}) {
        std::string s = with_elements(0, n);
        bool invalid = false;
        const double got = static_cast<double>(count(s, &invalid));
        EXPECT_LT(std::fabs(got - n) / n, 0.02) << n << " -> " << got;
    }
}

TEST(HyperLogLog, MergeIsTheUnion) {
    const std::string a = with_elements(0, 3000);
    const std::string b = with_elements(2000, 3000);
    const std::string both = with_elements(0, 5000);
    std::vector<uint8_t> max(kRegisters, 0);
    ASSERT_TRUE(merge_into(max.data(), a));
    ASSERT_TRUE(merge_into(max.data(), b));
    bool invalid = false;
    EXPECT_EQ(count_registers(max.data()), count(both, &invalid));
    // Writing the merged registers back into an empty value gives the same estimate.
    std::string dst = create();
    for (size_t r = 0; r < kRegisters; r++) {
        if (max[r]) set_register(dst, r, max[r], kDefaultSparseMax);
    }
    EXPECT_EQ(count(dst, &invalid), count(both, &invalid));
}

TEST(HyperLogLog, CacheBits) {
    std::string s = with_elements(0, 10);
    EXPECT_FALSE(cache_valid(s));  // adds invalidate the cache
    store_cache(s, 0x0102030405060708ULL);
    EXPECT_TRUE(cache_valid(s));
    EXPECT_EQ(cached_count(s), 0x0102030405060708ULL);
    invalidate_cache(s);
    EXPECT_FALSE(cache_valid(s));
}

TEST(HyperLogLog, ValidationAndCorruption) {
    EXPECT_TRUE(looks_valid(create()));
    EXPECT_FALSE(looks_valid("HYLL"));
    EXPECT_FALSE(looks_valid(std::string("HYLx") + std::string(14, '\0')));
    std::string bad_enc = create();
    bad_enc[4] = 2;
    EXPECT_FALSE(looks_valid(bad_enc));
    std::string short_dense = create();
    short_dense[4] = static_cast<char>(kDense);
    EXPECT_FALSE(looks_valid(short_dense));
    // A sparse value whose opcodes do not cover 16384 registers.
    std::string corrupt = create();
    corrupt[17] = 0x00;  // XZERO of 16128 registers instead of 16384
    bool invalid = false;
    count(corrupt, &invalid);
    EXPECT_TRUE(invalid);
    std::vector<uint8_t> max(kRegisters, 0);
    EXPECT_FALSE(merge_into(max.data(), corrupt));
    std::string copy = corrupt;
    EXPECT_FALSE(to_dense(copy));
    // All 16384 registers covered, then a VAL opcode that runs past the end: corrupt for
    // merging and densifying too (Redis 7.0 replies INVALIDOBJ to PFMERGE and PFCOUNT k1 k2).
    std::string overrun = create() + std::string(1, static_cast<char>(0x84));
    count(overrun, &invalid);
    EXPECT_TRUE(invalid);
    std::vector<uint8_t> max2(kRegisters, 0);
    EXPECT_FALSE(merge_into(max2.data(), overrun));
    EXPECT_FALSE(to_dense(overrun));
}

TEST(HyperLogLog, MurmurHashIsEndianNeutralAndSeeded) {
    const std::string a = "0123456789abcdef-tail";
    EXPECT_EQ(murmur_hash64a(a.data(), a.size(), 1), murmur_hash64a(a.data(), a.size(), 1));
    EXPECT_NE(murmur_hash64a(a.data(), a.size(), 1), murmur_hash64a(a.data(), a.size(), 2));
    EXPECT_NE(murmur_hash64a(a.data(), a.size() - 1, 1), murmur_hash64a(a.data(), a.size(), 1));
}

}  // namespace
}  // namespace cairn::db::hll

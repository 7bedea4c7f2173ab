// CRC-64 and LZF against Redis 7.0.15: crc64.c's test vector, DUMP trailers, rdb.c's LZF rule.
#include <gtest/gtest.h>

#include <string>

#include "persist/crc64.hpp"
#include "persist/lzf_codec.hpp"
#include "test_bytes.hpp"

namespace cairn::persist {
namespace {

using test::from_hex;

TEST(Crc64, RedisTestVector) {
    EXPECT_EQ(crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caULL);
    EXPECT_EQ(crc64(0, "", 0), 0u);
    EXPECT_EQ(crc64(0x1234, "", 0), 0x1234u);
}

TEST(Crc64, ContinuesAcrossPieces) {
    std::string s = "This is a test of the emergency broadcast system.";
    uint64_t whole = crc64(0, s.data(), s.size());
    for (size_t cut = 0; cut <= s.size(); cut++) {
        uint64_t part = crc64(0, s.data(), cut);
        EXPECT_EQ(crc64(part, s.data() + cut, s.size() - cut), whole) << cut;
    }
}

// The bit-at-a-time definition (crc64.c's _crc64), against which the sliced tables are checked
// at every alignment and length, across the 8-byte blocks and the tail.
uint64_t crc64_bitwise(uint64_t crc, const std::string& s) {
    for (unsigned char byte : s) {
        crc ^= byte;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 1) ? (crc >> 1) ^ 0x95ac9329ac4bc9b5ULL : crc >> 1;
    }
    return crc;
}

TEST(Crc64, SlicedMatchesBitwiseDefinition) {
    std::string data;
    uint32_t x = 12345;
    for (int i = 0; i < 300; i++) {
        x = x * 1103515245u + 12345u;
        data.push_back(static_cast<char>(x >> 24));
    }
    for (size_t start = 0; start < 9; start++) {
        for (size_t len = 0; start + len <= data.size(); len += 7) {
            const std::string piece = data.substr(start, len);
            EXPECT_EQ(crc64(77, piece.data(), piece.size()), crc64_bitwise(77, piece))
                << start << "+" << len;
        }
    }
}

TEST(Crc64, MatchesRedisDumpTrailers) {
    // DUMP payloads from redis-server 7.0.15: the last 8 bytes are the CRC-64 (LE) of the rest.
    for (const char* hex : {
             "00c139300a009d94ea2793fc08b9",                                      // SET n 12345
             "000568656c6c6f0a006372df766534200a",                                // SET hello hello
             "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b",              // SADD s 1 2 3
             "111414000000040081610283312e35048162020201ff0a00fa02b425af188763",  // ZADD
         }) {
        std::string payload = from_hex(hex);
        size_t body = payload.size() - 8;
        uint64_t trailer = 0;
        for (int i = 7; i >= 0; i--)
            trailer = (trailer << 8) | static_cast<uint8_t>(payload[body + i]);
        EXPECT_EQ(crc64(0, payload.data(), body), trailer) << hex;
    }
}

TEST(Lzf, RoundTrip) {
    std::string in;
    for (int i = 0; i < 5000; i++) in += "abc" + std::to_string(i % 97);
    std::string out = "prefix";
    size_t n = lzf_compress_append(in, out);
    ASSERT_GT(n, 0u);
    EXPECT_LE(n, in.size() - 4);
    EXPECT_EQ(out.size(), 6 + n);
    EXPECT_EQ(out.substr(0, 6), "prefix");
    std::string back = "x";
    ASSERT_TRUE(lzf_decompress_append(std::string_view(out).substr(6), in.size(), back));
    EXPECT_EQ(back, "x" + in);
}

TEST(Lzf, MatchesRedisCompressedString) {
    // SET k <100 a's> in redis-server 7.0.15: 00 c3 <clen 9> <len 100> then the LZF data.
    std::string out;
    ASSERT_EQ(lzf_compress_append(std::string(100, 'a'), out), 9u);
    EXPECT_EQ(test::to_hex(out), "016161e05700016161");
}

TEST(Lzf, NeverCompressesShortOrIncompressibleInput) {
    std::string out = "keep";
    EXPECT_EQ(lzf_compress_append("aaaa", out), 0u);  // 4 bytes or less: never
    EXPECT_EQ(lzf_compress_append("", out), 0u);
    std::string noise;
    uint32_t x = 12345;
    for (int i = 0; i < 300; i++) {
        x = x * 1103515245 + 12345;
        noise.push_back(static_cast<char>(x >> 24));
    }
    EXPECT_EQ(lzf_compress_append(noise, out), 0u);  // would not save 4 bytes
    EXPECT_EQ(out, "keep");
}

TEST(Lzf, RejectsBadInput) {
    std::string packed;
    std::string in(1000, 'z');
    ASSERT_GT(lzf_compress_append(in, packed), 0u);
    std::string out = "keep";
    EXPECT_FALSE(lzf_decompress_append(packed, in.size() - 1, out));  // too short a target
    EXPECT_FALSE(lzf_decompress_append(packed, in.size() + 1, out));  // not that long
    EXPECT_FALSE(lzf_decompress_append(std::string_view(packed).substr(0, packed.size() - 1),
                                       in.size(), out));  // truncated
    EXPECT_FALSE(
        lzf_decompress_append("\xff\xff\xff\xff", 100, out));  // back-reference before start
    EXPECT_FALSE(
        lzf_decompress_append("\x1f"
                              "abc",
                              32, out));  // literal run past the input
    EXPECT_FALSE(lzf_decompress_append("garbage", 0, out));
    EXPECT_FALSE(lzf_decompress_append("\x00z", size_t{1} << 40, out));  // not allocated
    EXPECT_EQ(out, "keep");
    EXPECT_TRUE(lzf_decompress_append("", 0, out));
    EXPECT_EQ(out, "keep");
}

}  // namespace
}  // namespace cairn::persist

#include "util/sha1.hpp"

#include <gtest/gtest.h>

#include <string>

using cairn::util::Sha1;
using cairn::util::sha1;
using cairn::util::to_hex;

TEST(Sha1, KnownVectors) {  // FIPS 180 examples
    EXPECT_EQ(to_hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(to_hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(to_hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(to_hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, IncrementalUpdatesMatchOneShot) {
    std::string data;
    for (int i = 0; i < 1000; i++) data.push_back(static_cast<char>(i * 7));
    for (size_t step : {1u, 3u, 63u, 64u, 65u, 200u}) {
        Sha1 s;
        for (size_t off = 0; off < data.size(); off += step) {
            s.update(std::string_view(data).substr(off, step));
        }
        EXPECT_EQ(to_hex(s.finish()), to_hex(sha1(data))) << step;
    }
}

TEST(Sha1, PaddingBoundaries) {  // lengths around the 56-byte padding edge
    EXPECT_EQ(to_hex(sha1(std::string(55, 'a'))), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
    EXPECT_EQ(to_hex(sha1(std::string(56, 'a'))), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    EXPECT_EQ(to_hex(sha1(std::string(64, 'a'))), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

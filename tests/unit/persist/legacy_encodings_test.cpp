// Ziplists and zipmaps, built by hand from ziplist.c's and zipmap.c's formats. Every blob here
// (and each corruption's verdict) was checked with RESTORE in redis-server 7.0.15 with
// sanitize-dump-payload yes, as RDB_TYPE_LIST_ZIPLIST and RDB_TYPE_HASH_ZIPMAP payloads.
#include "persist/legacy_encodings.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "test_bytes.hpp"

namespace cairn::persist {
namespace {

using test::from_hex;
using test::to_hex;

std::string le(uint64_t v, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; i++) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return out;
}

// A ziplist of entries given as encoding and data; prevlen, zltail, zllen and zlbytes computed.
std::string ziplist(const std::vector<std::string>& entries) {
    std::string body;
    size_t prev = 0;
    size_t tail = 10;
    for (const auto& e : entries) {
        tail = 10 + body.size();
        std::string entry =
            prev < 254 ? std::string(1, static_cast<char>(prev)) : "\xfe" + le(prev, 4);
        entry += e;
        body += entry;
        prev = entry.size();
    }
    return le(10 + body.size() + 1, 4) + le(tail, 4) + le(entries.size(), 2) + body + "\xff";
}

std::vector<std::string> ziplist_entries(std::string_view zl, bool* ok = nullptr) {
    std::vector<std::string> out;
    bool valid = ziplist_for_each(zl, [&](std::string_view e) {
        out.emplace_back(e);
        return true;
    });
    if (ok)
        *ok = valid;
    else
        EXPECT_TRUE(valid) << to_hex(zl.substr(0, 64));
    return out;
}

bool zl_valid(std::string_view zl) {
    bool ok = false;
    ziplist_entries(zl, &ok);
    return ok;
}

TEST(Ziplist, BuilderMatchesTheFormat) {
    // "a" (00pppppp) and 5 (immediate 0xf6), as Redis 6's ziplistPush lays them out.
    EXPECT_EQ(to_hex(ziplist({"\x01"
                              "a",
                              "\xf6"})),
              "100000000d000000020000016103f6ff");
}

TEST(Ziplist, EveryEncoding) {
    std::string zl = ziplist({
        "\x05"
        "hello",                                                  // 6-bit length
        "\x41\x2c" + std::string(300, 'L'),                       // 14-bit length (big-endian)
        "\xc0" + le(static_cast<uint16_t>(-2), 2),                // int16
        "\xd0" + le(100000, 4),                                   // int32
        "\xe0" + le(static_cast<uint64_t>(INT64_MIN), 8),         // int64
        "\xf0" + from_hex("000080"),                              // int24: -8388608
        "\xfe\x80",                                               // int8: -128
        "\xf1",                                                   // immediate 0
        "\xfd",                                                   // immediate 12
        "\x80" + from_hex("00004e20") + std::string(20000, 'B'),  // 32-bit length (big-endian)
        std::string(1, '\0'),                                     // empty string
    });
    std::vector<std::string> want = {"hello",
                                     std::string(300, 'L'),
                                     "-2",
                                     "100000",
                                     "-9223372036854775808",
                                     "-8388608",
                                     "-128",
                                     "0",
                                     "12",
                                     std::string(20000, 'B'),
                                     ""};
    EXPECT_EQ(ziplist_entries(zl), want);
}

TEST(Ziplist, RejectsCorruption) {
    // Entries: "a", 300 bytes (so the next prevlen takes five bytes), 5, int16 -2.
    std::string base =
        ziplist({"\x01"
                 "a",
                 "\x41\x2c" + std::string(300, 'L'), "\xf6", "\xc0\xfe\xff"});
    ASSERT_EQ(base.size(), 327u);
    EXPECT_EQ(to_hex(base.substr(0, 12)), "470100004201000004000001");
    EXPECT_EQ(to_hex(base.substr(base.size() - 12)), "4cfe2f010000f606c0feffff");
    ASSERT_TRUE(zl_valid(base));
    auto with = [&](size_t at, char c) {
        std::string zl = base;
        zl[at] = c;
        return zl;
    };
    EXPECT_FALSE(zl_valid(base.substr(0, base.size() - 1)));
    EXPECT_FALSE(zl_valid(with(0, 0x48)));                          // zlbytes
    EXPECT_FALSE(zl_valid(with(4, 10)));                            // zltail: the first entry
    EXPECT_FALSE(zl_valid(with(4, '\xff').replace(5, 1, "\xff")));  // zltail past the end
    EXPECT_FALSE(zl_valid(with(8, 3)));                             // zllen
    EXPECT_TRUE(zl_valid(with(8, '\xff').replace(9, 1, "\xff")));   // 65535: count unknown
    EXPECT_FALSE(zl_valid(with(base.size() - 1, 0)));               // no end byte
    EXPECT_FALSE(zl_valid(with(13, 2)));                            // prevlen of the second entry
    EXPECT_FALSE(zl_valid(with(11, '\xc1')));                       // unknown encoding
    EXPECT_FALSE(zl_valid(with(14, 0x7f)));                         // string past the end
    EXPECT_FALSE(zl_valid(with(13 + 303 + 1, 0x30)));               // five-byte prevlen
    // An end byte in the middle, junk after it.
    EXPECT_FALSE(zl_valid(from_hex("110000000a0000000100000161ff0000ff")));
    // ziplist.c accepts an empty ziplist (the loader refuses empty keys itself).
    EXPECT_TRUE(zl_valid(from_hex("0b0000000a0000000000ff")));
    EXPECT_FALSE(zl_valid(""));
    EXPECT_FALSE(zl_valid(from_hex("0a0000000a000000ff")));
    for (size_t n = 0; n < base.size(); n++) EXPECT_FALSE(zl_valid(base.substr(0, n))) << n;
    for (size_t at = 0; at < 40; at++)
        for (int b = 0; b < 256; b++) zl_valid(with(at, static_cast<char>(b)));
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs zipmap_pairs(std::string_view zm, bool* ok = nullptr) {
    Pairs out;
    bool valid = zipmap_for_each(zm, [&](std::string_view k, std::string_view v) {
        out.emplace_back(k, v);
        return true;
    });
    if (ok)
        *ok = valid;
    else
        EXPECT_TRUE(valid) << to_hex(zm.substr(0, 64));
    return out;
}

bool zm_valid(std::string_view zm) {
    bool ok = false;
    zipmap_pairs(zm, &ok);
    return ok;
}

TEST(Zipmap, Pairs) {
    // a => 1, bb => 22, each value followed by two free bytes.
    std::string zm = from_hex("0201610102310000026262020232320000ff");
    EXPECT_EQ(zipmap_pairs(zm), (Pairs{{"a", "1"}, {"bb", "22"}}));
    // Five-byte lengths (254 and a u32 LE).
    std::string big_key =
        "\x01\xfe" + le(300, 4) + std::string(300, 'k') + std::string("\x01\x00v\xff", 4);
    EXPECT_EQ(zipmap_pairs(big_key), (Pairs{{std::string(300, 'k'), "v"}}));
    std::string big_value = "\x01\x01k\xfe" + le(300, 4) + '\0' + std::string(300, 'v') + "\xff";
    EXPECT_EQ(zipmap_pairs(big_value), (Pairs{{"k", std::string(300, 'v')}}));
}

TEST(Zipmap, RejectsCorruption) {
    std::string zm = from_hex("0201610102310000026262020232320000ff");
    auto with = [&](size_t at, char c) {
        std::string z = zm;
        z[at] = c;
        return z;
    };
    EXPECT_TRUE(zm_valid(with(0, '\xfe')));  // 254: count unknown
    EXPECT_FALSE(zm_valid(with(0, '\xff')));
    EXPECT_FALSE(zm_valid(with(0, 3)));                   // wrong count
    EXPECT_FALSE(zm_valid(zm.substr(0, zm.size() - 1)));  // truncated
    EXPECT_FALSE(zm_valid(with(zm.size() - 1, 0)));       // no end byte
    EXPECT_FALSE(zm_valid(with(1, 40)));                  // key past the end
    EXPECT_FALSE(zm_valid(with(3, 40)));                  // value past the end
    EXPECT_FALSE(zm_valid(with(4, 30)));                  // free bytes past the end
    EXPECT_FALSE(zm_valid(from_hex("00ff")));             // empty
    EXPECT_FALSE(zm_valid(""));
    EXPECT_FALSE(zm_valid(from_hex("01fe")));
    EXPECT_FALSE(zm_valid(from_hex("01feffffffff00ff")));  // five-byte length past the end
    for (size_t n = 0; n < zm.size(); n++) EXPECT_FALSE(zm_valid(zm.substr(0, n))) << n;
    for (size_t at = 0; at < zm.size(); at++)
        for (int b = 0; b < 256; b++) zm_valid(with(at, static_cast<char>(b)));
}

TEST(Legacy, CallbacksStop) {
    int seen = 0;
    EXPECT_FALSE(ziplist_for_each(from_hex("100000000d000000020000016103f6ff"),
                                  [&](std::string_view) { return ++seen < 1; }));
    EXPECT_EQ(seen, 1);
    seen = 0;
    EXPECT_FALSE(zipmap_for_each(from_hex("0201610102310000026262020232320000ff"),
                                 [&](std::string_view, std::string_view) { return ++seen < 1; }));
    EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace cairn::persist

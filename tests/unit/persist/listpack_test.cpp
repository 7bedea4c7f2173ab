// Listpacks byte for byte against redis-server 7.0.15's DUMP payloads (hash, zset and quicklist
// node listpacks), and lpValidateIntegrity's rejections.
#include "db/listpack.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "persist/rdb_primitives.hpp"
#include "test_bytes.hpp"

namespace cairn::persist {
namespace {

using test::dump_body;
using test::dump_payload;
using test::from_hex;
using test::to_hex;

std::string listpack_of(const std::vector<std::string>& elements) {
    db::ListpackWriter w;
    for (const auto& e : elements) w.add(e);
    EXPECT_EQ(w.count(), elements.size());
    return w.finish();
}

std::vector<std::string> elements_of(std::string_view lp, bool* ok = nullptr) {
    std::vector<std::string> out;
    bool valid = db::listpack_for_each(lp, [&](std::string_view e) {
        out.emplace_back(e);
        return true;
    });
    if (ok)
        *ok = valid;
    else
        EXPECT_TRUE(valid) << to_hex(lp.substr(0, 64));
    return out;
}

// A hash or sorted set value as Redis 7.0 dumps it: type byte, listpack as an RDB string.
std::string dump_of(uint8_t type, const std::string& lp) {
    std::string v(1, static_cast<char>(type));
    put_string(v, lp, true);
    return dump_payload(v);
}

TEST(Listpack, HashMatchesRedis) {
    // HSET h a 1 b 2 c -5000 d 70000 e 3000000000 f hello
    std::vector<std::string> elements = {"a", "1",     "b", "2",          "c", "-5000",
                                         "d", "70000", "e", "3000000000", "f", "hello"};
    std::string dump =
        "1037370000000c0081610201018162020201816302f178ec03816402f270110104816502f4005ed0b20000"
        "0000098166028568656c6c6f06ff0a00e9148e6718bf8763";
    std::string lp = listpack_of(elements);
    EXPECT_EQ(to_hex(dump_of(16, lp)), dump);
    EXPECT_EQ(elements_of(lp), elements);
}

TEST(Listpack, SortedSetsMatchRedis) {
    // ZADD z 1.5 a 2 b: scores as d2string text, which lpAppend integer-encodes when it can.
    std::string lp = listpack_of({"a", "1.5", "b", "2"});
    EXPECT_EQ(to_hex(dump_of(17, lp)),
              "111414000000040081610283312e35048162020201ff0a00fa02b425af188763");
    // ZADD z2 0.1 x -3 y 1e20 w (compressed in the dump).
    std::vector<std::string> z2 = {"y", "-3", "x", "0.10000000000000001", "w", "1e+20"};
    std::string dump2 =
        "11c3262f132f0000000600817902dffd0281780293302e3130e005000c31148177028531652b323006ff0a00"
        "431a4bbff3925d69";
    EXPECT_EQ(to_hex(dump_of(17, listpack_of(z2))), dump2);
    std::string body = dump_body(from_hex(dump2));
    MemorySource src(body);
    RdbReader in(src);
    EXPECT_EQ(elements_of(in.string()), z2);
}

TEST(Listpack, QuicklistNodeMatchesRedis) {
    // RPUSH l a 1 200 -1: RDB_TYPE_LIST_QUICKLIST_2, one node, PACKED, its listpack.
    std::string v = "\x12";
    put_length(v, 1);
    put_length(v, 2);
    put_string(v, listpack_of({"a", "1", "200", "-1"}), true);
    EXPECT_EQ(to_hex(dump_payload(v)),
              "120102121200000004008161020101c0c802dfff02ff0a001162e59878717ffe");
}

TEST(Listpack, EveryEncodingMatchesRedis) {
    // A hash with 12-bit and 32-bit strings, every integer width, and non-canonical integers.
    std::vector<std::string> elements = {std::string(70, 's'),
                                         std::string(5000, 'v'),
                                         "n",
                                         "-9223372036854775808",
                                         "m",
                                         "9223372036854775807",
                                         "p",
                                         "-4096",
                                         "q",
                                         "4095",
                                         "r",
                                         "-32769",
                                         "t",
                                         "8388607",
                                         "u",
                                         "-8388609",
                                         "w",
                                         std::string(200, 'x'),
                                         "y",
                                         "+5",
                                         "z",
                                         "007",
                                         "a",
                                         "-0",
                                         "b",
                                         "9223372036854775808"};
    std::string dump =
        "10c340c6551b081b1500001a00e04673e03c000648f08813000076e0ff00e0ff00e0ff00e0ff00e0ff00e0ff"
        "00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ff00e0ee0006278d81"
        "6e02f4008000068009816d02f4ff8000177f09817002d00002817102cfff02817202f2ff7fff048174200706"
        "ff7f04817502f3200707ff05817702e0c878e0be001f01ca817902822b3503817a028330303704816102822d"
        "300381620293393232331033373230333638353437373538303814ff0a007cc076c76fc35c16";
    std::string lp = listpack_of(elements);
    EXPECT_EQ(to_hex(dump_of(16, lp)), dump);
    EXPECT_EQ(elements_of(lp), elements);
    std::string body = dump_body(from_hex(dump));
    MemorySource src(body);
    RdbReader in(src);
    EXPECT_EQ(in.string(), lp);
}

TEST(Listpack, LargeListpacksMatchRedis) {
    // HSET big f0 -1000000 f1 -999963 ... (70000 fields, hash-max-listpack-entries 100000):
    // 140000 elements, so the header's count is 65535. Compared by size and DUMP trailer.
    std::vector<std::string> elements;
    for (int i = 0; i < 70000; i++) {
        elements.push_back("f" + std::to_string(i));
        elements.push_back(std::to_string(i * 37 - 1000000));
    }
    std::string lp = listpack_of(elements);
    EXPECT_EQ(to_hex(lp.substr(4, 2)), "ffff");
    std::string dump = dump_of(16, lp);
    EXPECT_EQ(dump.size(), 478207u);
    EXPECT_EQ(to_hex(dump.substr(0, 12)), "10c38000074be980000daf86");
    EXPECT_EQ(to_hex(dump.substr(dump.size() - 10)), "0a0067314efd5304845a");
    EXPECT_EQ(elements_of(lp), elements);

    // HSET h3 k <20000 bytes> x y: a three-byte back-length.
    std::string k;
    for (int i = 0; i < 20000; i++) k.push_back(static_cast<char>(33 + (i * 7919) % 90));
    std::string lp3 = listpack_of({"k", k, "x", "y"});
    dump = dump_of(16, lp3);
    EXPECT_EQ(dump.size(), 365u);
    EXPECT_EQ(to_hex(dump.substr(0, 12)), "10c3415a8000004e380a384e");
    EXPECT_EQ(to_hex(dump.substr(dump.size() - 10)), "0a00221646d76620a7e3");
    EXPECT_EQ(to_hex(lp3.substr(lp3.size() - 10, 3)), "019ca5");  // 20005: three bytes
    EXPECT_EQ(elements_of(lp3)[1], k);
}

TEST(Listpack, EntryBytes) {
    auto one = [](auto v) {
        db::ListpackWriter w;
        if constexpr (std::is_same_v<decltype(v), int64_t>)
            w.add_integer(v);
        else
            w.add(v);
        std::string lp = w.finish();
        return to_hex(lp.substr(6, lp.size() - 7));
    };
    EXPECT_EQ(one(int64_t{0}), "0001");
    EXPECT_EQ(one(int64_t{127}), "7f01");
    EXPECT_EQ(one(int64_t{128}), "c08002");
    EXPECT_EQ(one(int64_t{-1}), "dfff02");
    EXPECT_EQ(one(int64_t{-4096}), "d00002");
    EXPECT_EQ(one(int64_t{4096}), "f1001003");
    EXPECT_EQ(one(int64_t{-32768}), "f1008003");
    EXPECT_EQ(one(int64_t{32768}), "f200800004");
    EXPECT_EQ(one(int64_t{-8388609}), "f3ffff7fff05");
    EXPECT_EQ(one(int64_t{INT64_MIN}), "f4000000000000008009");
    EXPECT_EQ(one(std::string_view("-4096")), "d00002");
    EXPECT_EQ(one(std::string_view("")), "8001");
    EXPECT_EQ(one(std::string(63, 'a')).substr(0, 2), "bf");
    EXPECT_EQ(one(std::string(63, 'a')).substr(128), "40");
    EXPECT_EQ(one(std::string(64, 'a')).substr(0, 4), "e040");
    EXPECT_EQ(one(std::string(64, 'a')).substr(132), "42");
    EXPECT_EQ(one(std::string(4096, 'a')).substr(0, 10), "f000100000");
    EXPECT_EQ(one(std::string(4096, 'a')).substr(10 + 8192), "2085");  // back-length 4101
    db::ListpackWriter empty;
    EXPECT_EQ(to_hex(empty.finish()),
              "0700000000"
              "00ff");
}

TEST(Listpack, WriterIsReusable) {
    db::ListpackWriter w;
    w.add("x");
    std::string first = w.finish();
    EXPECT_EQ(w.count(), 0u);
    w.add("x");
    EXPECT_EQ(w.finish(), first);
}

TEST(Listpack, RandomRoundTrip) {
    std::mt19937_64 rng(7);
    std::vector<std::string> elements;
    for (int i = 0; i < 3000; i++) {
        switch (rng() % 4) {
            case 0:
                elements.push_back(std::to_string(static_cast<int64_t>(rng()) >> (rng() % 64)));
                break;
            case 1:
                elements.push_back(std::string(rng() % 5000, static_cast<char>(rng())));
                break;
            case 2:
                elements.push_back("0" + std::to_string(rng() % 1000));
                break;
            default:
                elements.push_back(std::to_string(static_cast<int64_t>(rng() % 20000) - 10000));
        }
    }
    EXPECT_EQ(elements_of(listpack_of(elements)), elements);
}

bool valid(std::string_view lp) {
    bool ok = false;
    elements_of(lp, &ok);
    return ok;
}

TEST(Listpack, RejectsCorruption) {
    std::string good = listpack_of({"a", "1", "hello", "70000"});
    ASSERT_TRUE(valid(good));
    EXPECT_TRUE(valid(listpack_of({})));

    auto with = [&](size_t at, char c) {
        std::string lp = good;
        lp[at] = c;
        return lp;
    };
    EXPECT_FALSE(valid(""));
    EXPECT_FALSE(valid(from_hex("06000000ff")));
    EXPECT_FALSE(valid(good.substr(0, good.size() - 1)));              // truncated
    EXPECT_FALSE(valid(with(0, static_cast<char>(good.size() + 1))));  // wrong total bytes
    EXPECT_FALSE(valid(with(4, 3)));                                   // wrong count
    EXPECT_TRUE(valid(with(5, '\xff').replace(4, 1, "\xff")));         // 65535: count unknown
    EXPECT_FALSE(valid(with(good.size() - 1, 0)));                     // no terminator
    EXPECT_FALSE(valid(with(8, 3)));                                   // bad back-length
    EXPECT_FALSE(valid(with(6, '\xf5')));                              // unknown encoding
    EXPECT_FALSE(valid(with(6, '\xbf')));                              // string past the end
    EXPECT_FALSE(valid(with(6, '\xff')));                              // terminator too early
    std::string lp = good;
    lp.insert(lp.size() - 1, "\xff");  // a second terminator before the end
    lp[0] = static_cast<char>(lp.size());
    EXPECT_FALSE(valid(lp));
    // A 32-bit string length far beyond the blob.
    EXPECT_FALSE(
        valid(from_hex("0d000000"
                       "0100"
                       "f0ffffff7f"
                       "00"
                       "ff")));
    // A back-length whose continuation bits run back into the header.
    EXPECT_FALSE(
        valid(from_hex("0a000000"
                       "0100"
                       "c080"
                       "82"
                       "ff")));
    // Every truncation and every single-byte change: no crash (ASan), and no false success
    // for truncations.
    for (size_t n = 0; n < good.size(); n++) EXPECT_FALSE(valid(good.substr(0, n))) << n;
    for (size_t at = 0; at < good.size(); at++)
        for (int b = 0; b < 256; b++) valid(with(at, static_cast<char>(b)));
}

TEST(Listpack, CallbackStops) {
    std::string lp = listpack_of({"a", "b", "c"});
    int seen = 0;
    EXPECT_FALSE(db::listpack_for_each(lp, [&](std::string_view) { return ++seen < 2; }));
    EXPECT_EQ(seen, 2);
    // A corrupt count: fn sees nothing, since the blob is checked first.
    lp[4] = 5;
    seen = 0;
    EXPECT_FALSE(db::listpack_for_each(lp, [&](std::string_view) { return ++seen > 0; }));
    EXPECT_EQ(seen, 0);
}

}  // namespace
}  // namespace cairn::persist

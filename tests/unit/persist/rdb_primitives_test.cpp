// RDB lengths, strings, integers and doubles against redis-server 7.0.15's DUMP payloads.
#include "persist/rdb_primitives.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "persist/crc64.hpp"
#include "test_bytes.hpp"

namespace cairn::persist {
namespace {

using test::dump_body;
using test::dump_payload;
using test::from_hex;
using test::to_hex;

// Hands out at most `step` bytes per read, to cross every buffer boundary.
class TrickleSource final : public ByteSource {
public:
    TrickleSource(std::string data, size_t step) : data_(std::move(data)), step_(step) {}
    size_t read(char* buf, size_t n) override {
        size_t k = std::min({n, step_, data_.size() - pos_});
        data_.copy(buf, k, pos_);
        pos_ += k;
        return k;
    }

private:
    std::string data_;
    size_t step_;
    size_t pos_ = 0;
};

std::string saved_string(std::string_view s, bool compress) {
    std::string out;
    put_string(out, s, compress);
    return out;
}

// Payloads of DUMP for string keys in redis-server 7.0.15 (rdbcompression yes).
struct StringVector {
    const char* value;
    const char* dump;
};
const std::vector<StringVector>& string_vectors() {
    static const std::vector<StringVector> v = {
        {"12345", "00c139300a009d94ea2793fc08b9"},
        {"-129", "00c17fff0a001760822854808480"},
        {"-2147483648", "00c2000000800a00c74f873e33558187"},
        {"5000000000", "000a353030303030303030300a0069a90fd57e0ff425"},
        {"hello", "000568656c6c6f0a006372df766534200a"},
    };
    return v;
}

TEST(RdbString, MatchesRedisDumps) {
    for (const auto& [value, dump] : string_vectors()) {
        std::string payload = from_hex(dump);
        EXPECT_EQ(dump_payload(std::string(1, '\0') + saved_string(value, true)), payload) << value;
        std::string body = dump_body(payload);
        MemorySource src(body);
        RdbReader in(src);
        EXPECT_EQ(in.string(), value);
        EXPECT_FALSE(in.failed());
        EXPECT_EQ(in.bytes_read(), body.size());
    }
}

TEST(RdbString, MatchesRedisLzfDumps) {
    std::string mixed;
    for (int i = 0; i < 200; i++) mixed.push_back(static_cast<char>('A' + (i * 7) % 26));
    struct {
        std::string value;
        const char* dump;
    } vectors[] = {
        {std::string(100, 'a'), "00c3094064016161e057000161610a00e8a3b507b06df271"},
        {mixed,
         "00c32240c81a41484f56434a5158454c535a474e5542495057444b5259464d5441e0a2190149500a006dcc"
         "0449ee640086"},
    };
    for (const auto& [value, dump] : vectors) {
        std::string payload = from_hex(dump);
        EXPECT_EQ(to_hex(dump_payload(std::string(1, '\0') + saved_string(value, true))), dump);
        std::string body = dump_body(payload);
        MemorySource src(body);
        RdbReader in(src);
        EXPECT_EQ(in.string(), value);
        EXPECT_FALSE(in.failed());
        // Without compression: the plain length and bytes.
        std::string plain = saved_string(value, false);
        EXPECT_EQ(plain.substr(0, 2), from_hex("40") + static_cast<char>(value.size()));
    }
}

TEST(RdbString, IntegerEncodingRules) {
    // rdbTryIntegerEncoding: canonical integers of at most 11 bytes in int32 range.
    EXPECT_EQ(to_hex(saved_string("0", false)), "c000");
    EXPECT_EQ(to_hex(saved_string("-128", false)), "c080");
    EXPECT_EQ(to_hex(saved_string("127", false)), "c07f");
    EXPECT_EQ(to_hex(saved_string("128", false)), "c18000");
    EXPECT_EQ(to_hex(saved_string("-32768", false)), "c10080");
    EXPECT_EQ(to_hex(saved_string("32768", false)), "c200800000");
    EXPECT_EQ(to_hex(saved_string("2147483647", false)), "c2ffffff7f");
    EXPECT_EQ(saved_string("2147483648", false),
              "\x0a"
              "2147483648");
    EXPECT_EQ(saved_string("-2147483649", false),
              "\x0b"
              "-2147483649");
    for (const char* s : {"007", "+5", "-0", " 1", "1 ", "", "1.0", "0x10"})
        EXPECT_EQ(saved_string(s, false),
                  static_cast<char>(std::string_view(s).size()) + std::string(s))
            << s;
    // Short strings are never compressed; a 21-byte run is.
    EXPECT_EQ(saved_string(std::string(20, 'a'), true), "\x14" + std::string(20, 'a'));
    EXPECT_EQ(saved_string(std::string(21, 'a'), true)[0], '\xc3');
}

TEST(RdbString, IntegerStrings) {
    auto saved = [](int64_t v) {
        std::string out;
        put_integer_string(out, v);
        return out;
    };
    EXPECT_EQ(to_hex(saved(12345)), "c13930");
    EXPECT_EQ(to_hex(saved(-1)), "c0ff");
    EXPECT_EQ(to_hex(saved(INT32_MIN)), "c200000080");
    EXPECT_EQ(saved(5000000000),
              "\x0a"
              "5000000000");
    EXPECT_EQ(saved(INT64_MIN),
              "\x14"
              "-9223372036854775808");
    for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{INT32_MAX}, int64_t{INT64_MAX}}) {
        std::string bytes = saved(v);
        MemorySource src(bytes);
        RdbReader in(src);
        EXPECT_EQ(in.string(), std::to_string(v));
    }
}

TEST(RdbLength, EncodingsAndRoundTrip) {
    auto saved = [](uint64_t len) {
        std::string out;
        put_length(out, len);
        return to_hex(out);
    };
    EXPECT_EQ(saved(0), "00");
    EXPECT_EQ(saved(63), "3f");
    EXPECT_EQ(saved(64), "4040");
    EXPECT_EQ(saved(16383), "7fff");
    EXPECT_EQ(saved(16384), "8000004000");
    EXPECT_EQ(saved(UINT32_MAX), "80ffffffff");
    EXPECT_EQ(saved(uint64_t{1} << 32), "810000000100000000");
    std::string all;
    std::vector<uint64_t> lens = {
        0, 1, 63, 64, 300, 16383, 16384, 70000, UINT32_MAX, uint64_t{1} << 32, UINT64_MAX};
    for (uint64_t len : lens) put_length(all, len);
    TrickleSource src(all, 3);
    RdbReader in(src);
    for (uint64_t len : lens) {
        bool encoded = true;
        EXPECT_EQ(in.length(&encoded), len);
        EXPECT_FALSE(encoded);
    }
    EXPECT_FALSE(in.failed());
    EXPECT_EQ(in.length(), 0u);  // the end
    EXPECT_TRUE(in.failed());
}

TEST(RdbLength, SpecialEncodingsAndBadPrefixes) {
    std::string bytes = from_hex("c3c0");
    MemorySource src(bytes);
    RdbReader in(src);
    bool encoded = false;
    EXPECT_EQ(in.length(&encoded), 3u);
    EXPECT_TRUE(encoded);
    EXPECT_EQ(in.length(), 0u);  // as rdbLoadLen(rdb, NULL): the six bits
    EXPECT_FALSE(in.failed());
    for (const char* hex : {"82", "bf", "4f", "80aabb", "81000000"}) {
        std::string b = from_hex(hex);
        MemorySource s(b);
        RdbReader r(s);
        EXPECT_EQ(r.length(), 0u) << hex;
        EXPECT_TRUE(r.failed()) << hex;
    }
}

TEST(RdbReader, ChecksumCoversWhatWasRead) {
    // DUMP of HSET h a 1 b 2 c -5000 d 70000 e 3000000000 f hello: a loader reads up to the
    // version, takes checksum(), then reads the trailer.
    std::string payload = from_hex(
        "1037370000000c0081610201018162020201816302f178ec03816402f270110104816502f4005ed0b20000"
        "0000098166028568656c6c6f06ff0a00e9148e6718bf8763");
    for (size_t step : {size_t{1}, size_t{5}, size_t{1} << 20}) {
        TrickleSource src(payload, step);
        RdbReader in(src);
        EXPECT_EQ(in.u8(), 16);
        EXPECT_EQ(in.string().size(), 55u);
        EXPECT_EQ(in.u8(), 10);
        EXPECT_EQ(in.u8(), 0);
        uint64_t crc = in.checksum();
        EXPECT_EQ(crc, crc64(0, payload.data(), payload.size() - 8));
        EXPECT_EQ(in.u64_le(), crc);
        EXPECT_EQ(in.bytes_read(), payload.size());
        EXPECT_FALSE(in.failed());
        EXPECT_EQ(in.u8(), 0);
        EXPECT_TRUE(in.failed());
    }
}

TEST(RdbReader, LongStringsCrossTheBuffer) {
    std::string big;
    for (int i = 0; i < 300000; i++) big.push_back(static_cast<char>('a' + i % 23));
    std::string raw;
    put_string(raw, big, false);
    std::string packed;
    put_string(packed, big, true);
    ASSERT_LT(packed.size(), big.size());
    std::string both = raw + packed + raw;
    TrickleSource src(both, 10000);
    RdbReader in(src);
    EXPECT_EQ(in.string(), big);
    EXPECT_EQ(in.string(), big);
    EXPECT_EQ(in.string(), big);
    EXPECT_FALSE(in.failed());
    EXPECT_EQ(in.checksum(), crc64(0, both.data(), both.size()));
}

TEST(RdbReader, FixedWidthValues) {
    std::string out;
    put_u8(out, 0xab);
    put_u64_le(out, 0x0102030405060708ULL);
    put_binary_double(out, 1.5);
    put_binary_double(out, -std::numeric_limits<double>::infinity());
    out += from_hex("78563412");
    EXPECT_EQ(to_hex(out.substr(0, 25)), "ab0807060504030201000000000000f83f000000000000f0ff");
    MemorySource src(out);
    RdbReader in(src);
    EXPECT_EQ(in.u8(), 0xab);
    EXPECT_EQ(in.u64_le(), 0x0102030405060708ULL);
    EXPECT_EQ(in.binary_double(), 1.5);
    EXPECT_EQ(in.binary_double(), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(in.u32_le(), 0x12345678u);
    EXPECT_FALSE(in.failed());
    char buf[4] = {1, 2, 3, 4};
    in.read_exact(buf, 4);
    EXPECT_TRUE(in.failed());
    EXPECT_EQ(std::string(buf, 4), std::string(4, '\0'));
}

TEST(RdbReader, TextDoubles) {
    // rdbLoadDoubleValue: length byte and "%lg" text; 253 nan, 254 inf, 255 -inf.
    std::string in_bytes = std::string(
                               "\x03"
                               "1.5") +
                           "\xfe\xff\xfd" + "\x13" + "0.10000000000000001" +
                           "\x05"
                           "1e+20" +
                           "\x02"
                           "-3";
    MemorySource src(in_bytes);
    RdbReader in(src);
    EXPECT_EQ(in.text_double(), 1.5);
    EXPECT_EQ(in.text_double(), std::numeric_limits<double>::infinity());
    EXPECT_EQ(in.text_double(), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(in.text_double()));
    EXPECT_EQ(in.text_double(), 0.1);
    EXPECT_EQ(in.text_double(), 1e20);
    EXPECT_EQ(in.text_double(), -3.0);
    EXPECT_FALSE(in.failed());
    for (std::string bad : {std::string("\x03"
                                        "abc"),
                            std::string("\x00", 1),
                            std::string("\x05"
                                        "1.5")}) {
        MemorySource s(bad);
        RdbReader r(s);
        EXPECT_EQ(r.text_double(), 0.0);
        EXPECT_TRUE(r.failed());
    }
}

std::string read_failing(const std::string& bytes) {
    MemorySource src(bytes);
    RdbReader in(src);
    std::string s = in.string();
    EXPECT_TRUE(in.failed()) << to_hex(bytes);
    EXPECT_EQ(s, "");
    EXPECT_EQ(in.u8(), 0);  // every later read: zero
    EXPECT_EQ(in.length(), 0u);
    return s;
}

TEST(RdbReader, BadStringsFailCleanly) {
    read_failing("");
    read_failing(
        "\x05"
        "abc");                      // short
    read_failing(from_hex("c1ff"));  // short int16
    read_failing(from_hex("c4"));    // unknown encoding
    read_failing(from_hex("c5"));
    read_failing(from_hex("c3094064016161e057000161"));    // LZF data cut short
    read_failing(from_hex("c3034064ffffff"));              // LZF garbage
    read_failing(from_hex("c3094065016161e05700016161"));  // wrong original length
    // Lengths far beyond the source: no up-front allocation (ASan would abort on 1 TiB).
    read_failing(from_hex("810000010000000000") + "abc");
    read_failing(from_hex("c3810000010000000000810000010000000000") + "abc");
    read_failing(from_hex("c303810000010000000000") + "abc");
}

}  // namespace
}  // namespace cairn::persist
